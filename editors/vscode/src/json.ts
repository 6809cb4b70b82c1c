// Checks for the JSON the server sends: positions, ranges, strings. No `vscode` import here.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isPosition(v: unknown): v is Position {
  return isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.character);
}

export function isRange(v: unknown): v is Range {
  return isObject(v) && isPosition(v.start) && isPosition(v.end);
}

/** A copy of a checked range (the server's object is not kept). */
export function copyRange(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/** The range, when `v` is one; otherwise the start of the file. */
export function rangeOr0(v: unknown): Range {
  return isRange(v) ? copyRange(v) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

export function stringOr(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

export function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** A finite number >= 0, else null. */
export function countOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}
