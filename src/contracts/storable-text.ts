/**
 * Text PostgreSQL cannot store as given: the NUL character (rejected outright) and unpaired UTF-16
 * surrogates (silently turned into U+FFFD, so what was stored would differ from what was sent).
 * One rule for every request: the server applies it to the body, query and path of each request
 * before validation; forms may apply it to their fields too.
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/** The JSON-pointer path of the first unstorable string (keys included), or undefined. */
export function findUnstorableText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path || '/';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUnstorableText(value[i], `${path}/${i}`);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (!isStorableText(key)) return `${path}/${JSON.stringify(key).slice(1, -1)}`;
      const hit = findUnstorableText(inner, `${path}/${key}`);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}
