/**
 * The data lines of a text collection (a UCR table, a `.ts` file, a manifest) as offsets into the text: 12 bytes per
 * line instead of one string per line, so that a file of 100,000 rows is held once, as its text, and each row is
 * sliced out when its item is built.
 */
export interface LineSpans {
  /** String offsets of each kept line's first character and one past its last (a trailing \r excluded). */
  starts: Uint32Array;
  ends: Uint32Array;
  /** 1-based line numbers, for messages. */
  rows: Uint32Array;
}

/**
 * The lines from 0-based line `from` on that are not blank and, with `comment`, do not start with it (after leading
 * blanks).
 */
export function lineSpans(text: string, from: number, comment?: string): LineSpans {
  let starts: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  let ends: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  let rows: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  let n = 0;
  let row = 0;
  for (let at = 0; at <= text.length; row++) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    const end = nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (row >= from && keep(text.slice(at, end), comment)) {
      if (n === starts.length) {
        starts = grown(starts);
        ends = grown(ends);
        rows = grown(rows);
      }
      starts[n] = at;
      ends[n] = end;
      rows[n++] = row + 1;
    }
    at = nl + 1;
  }
  return { starts: starts.subarray(0, n), ends: ends.subarray(0, n), rows: rows.subarray(0, n) };
}

function keep(line: string, comment: string | undefined): boolean {
  const t = line.trim();
  return t !== '' && !(comment && t.startsWith(comment));
}

function grown(a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Line k of the spans. */
export function spanText(text: string, spans: LineSpans, k: number): string {
  return text.slice(spans.starts[k], spans.ends[k]);
}

/** The spans from index `from` on (views, no copy). */
export function spansFrom(spans: LineSpans, from: number): LineSpans {
  return { starts: spans.starts.subarray(from), ends: spans.ends.subarray(from), rows: spans.rows.subarray(from) };
}
