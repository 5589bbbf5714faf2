/**
 * Which .json files are data: the loader reads an array (of rows or of objects) or an object whose first value is an
 * array (columns); configuration files (package.json, tsconfig.json, .vscode/*.json, ...) are not. The first few KB
 * are enough. Pure, for the host's sniffing (json-sniff.ts) and tests.
 */
const CONFIG_NAMES =
  /^(package|package-lock|tsconfig|jsconfig|composer|bower|manifest|launch|settings|tasks|extensions|\.?eslintrc|\.?prettierrc|\.?babelrc|deno|turbo|lerna|nx|project|app|angular|vercel|firebase)(\..*)?\.json$/i;

/** Cheap structural sniff of the head of a JSON file. */
export function looksLikeDataJson(path: string, head: string): boolean {
  const parts = path.split(/[\\/]/);
  const name = parts[parts.length - 1] ?? '';
  if (CONFIG_NAMES.test(name) || parts.includes('.vscode') || parts.includes('node_modules')) return false;
  const s = head.replace(/^\uFEFF/, '').trimStart();
  if (s.startsWith('[')) return /^\[\s*([[{\-\d.]|null|true|false|"|\])/.test(s);
  // {"key": [ ... : columns
  return /^\{\s*"(?:[^"\\]|\\.)*"\s*:\s*\[/.test(s);
}
