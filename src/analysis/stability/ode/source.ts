/**
 * From file text to logical statements: comment lines (`#`, and XPPAUT's `"` comment lines) and trailing comments
 * removed, `\` continuations joined, `#include file` lines replaced by the statements of that file (an include
 * loop is refused with the line). Every character keeps its file, line and column for error messages.
 */
import { badInput } from '../../core/errors';
import type { SourceText } from './lexer';

/** Reads an included file named relative to the including one; undefined when it does not exist. */
export type IncludeReader = (name: string, from: string) => { path: string; text: string } | undefined;

const MAX_INCLUDE_DEPTH = 32;

/** Removes a trailing comment; a `#` inside braces is XPPAUT's convolution sign (int{K#u}), not a comment. */
function stripComment(line: string): string {
  let depth = 0;
  for (let c = 0; c < line.length; c++) {
    if (line[c] === '{') depth++;
    else if (line[c] === '}') depth = Math.max(0, depth - 1);
    else if (line[c] === '#' && depth === 0) return line.slice(0, c);
  }
  return line;
}

export function logicalStatements(
  text: string,
  file: string,
  include?: IncludeReader,
  stack: readonly string[] = [file],
): SourceText[] {
  const out: SourceText[] = [];
  const physical = text.split('\n');
  let buf = '';
  let lines: number[] = [];
  let cols: number[] = [];
  const flush = (): void => {
    if (buf.trim() !== '') out.push({ text: buf, lines: Int32Array.from(lines), columns: Int32Array.from(cols), file });
    buf = '';
    lines = [];
    cols = [];
  };
  for (let li = 0; li < physical.length; li++) {
    let line = physical[li].replace(/\r$/, '');
    // nothing after `done` is read (files often carry notes or C code for export there)
    if (buf === '' && /^\s*(done|d)\s*$/i.test(line)) {
      out.push({
        text: line,
        lines: Int32Array.from(line, () => li + 1),
        columns: Int32Array.from(line, (_, c) => c + 1),
        file,
      });
      break;
    }
    const inc = /^\s*#include\s+(\S+)/i.exec(line);
    if (inc && buf === '') {
      out.push(...included(inc[1], li + 1, file, include, stack));
      continue;
    }
    if (/^\s*"/.test(line)) continue;
    line = stripComment(line);
    let cont = false;
    const trimmedEnd = line.replace(/\s+$/, '');
    if (trimmedEnd.endsWith('\\')) {
      cont = true;
      line = trimmedEnd.slice(0, -1);
    }
    for (let c = 0; c < line.length; c++) {
      buf += line[c];
      lines.push(li + 1);
      cols.push(c + 1);
    }
    if (cont) {
      buf += ' ';
      lines.push(li + 1);
      cols.push(line.length + 1);
      continue;
    }
    flush();
  }
  flush();
  return out;
}

function included(
  name: string,
  row: number,
  file: string,
  include: IncludeReader | undefined,
  stack: readonly string[],
): SourceText[] {
  const where = { file, row, column: 1 };
  if (!include) throw badInput(`line ${row}: #include ${name}: included files cannot be read here`, where);
  const got = include(name, file);
  if (!got) throw badInput(`line ${row}: #include ${name}: no such file next to ${file}`, where);
  if (stack.includes(got.path))
    throw badInput(`line ${row}: #include loop: ${[...stack, got.path].join(' includes ')}`, where);
  if (stack.length > MAX_INCLUDE_DEPTH)
    throw badInput(`line ${row}: #include nested more than ${MAX_INCLUDE_DEPTH} deep`, where);
  return logicalStatements(got.text, got.path, include, [...stack, got.path]);
}
