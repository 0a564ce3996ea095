const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A random id of `length` characters from [A-Za-z0-9_-], from the browser's CSPRNG. */
export function randomId(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  // 64 symbols divide 256 evenly, so `& 63` keeps the distribution uniform.
  for (const b of bytes) id += ALPHABET[b & 63];
  return id;
}
