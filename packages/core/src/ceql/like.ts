// Upper then lower so letters with several lower-case forms (final sigma) meet in one.
function fold(character: string): string {
  return character.toUpperCase().toLowerCase();
}

/**
 * SQL `LIKE`: `%` matches any run of characters, `_` exactly one, case-insensitively, against the
 * whole text. There is no escape character, as in CEQL.
 *
 * Implemented as a scan with one backtrack point rather than a regular expression, so a pattern
 * such as `%a%a%a%a%b` costs at most text × pattern steps instead of exploding on a long value.
 */
export function matchesLike(text: string, pattern: string): boolean {
  // Code points, not UTF-16 units, so `_` matches one emoji.
  const chars = Array.from(text, fold);
  const wanted = Array.from(pattern, fold);
  let c = 0;
  let w = 0;
  let lastPercent = -1;
  let resumeAt = 0;
  while (c < chars.length) {
    if (w < wanted.length && wanted[w] === '%') {
      lastPercent = w++;
      resumeAt = c;
    } else if (w < wanted.length && (wanted[w] === '_' || wanted[w] === chars[c])) {
      w++;
      c++;
    } else if (lastPercent >= 0) {
      // Let the last `%` swallow one more character and retry the rest of the pattern from there.
      w = lastPercent + 1;
      c = ++resumeAt;
    } else {
      return false;
    }
  }
  while (w < wanted.length && wanted[w] === '%') w++;
  return w === wanted.length;
}
