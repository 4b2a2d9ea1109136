/**
 * A flex-json syntax or limit error (media.md MEDIA-046). `line` and `column` are 1-based and count
 * Unicode characters, as an editor shows them, so staff can jump straight to the mistake.
 */
export class FlexJsonError extends Error {
  override readonly name = 'FlexJsonError';

  constructor(
    /** The problem and its suggested fix, without the position. */
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} (line ${line}, column ${column})`);
  }
}

/** Thrown by the writer for a value the canonical form cannot represent (MEDIA-048). */
export class FlexJsonWriteError extends TypeError {
  override readonly name = 'FlexJsonWriteError';

  constructor(
    message: string,
    /** Where in the value, e.g. `$.image_types.logo.sizes[0]`. */
    readonly path: string,
  ) {
    super(`${message} at ${path}`);
  }
}

/** 1-based line and column of a UTF-16 offset; CR LF, lone CR and LF each end a line. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0a || (ch === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  // Code points, not UTF-16 units: an emoji earlier on the line counts as one column.
  const column = Array.from(text.slice(lineStart, offset)).length + 1;
  return { line, column };
}
