// The nonce a webview page's Content-Security-Policy allows its own script and style by (the summary, the card).

/** 32 random base62 characters (from a caller-supplied source of random bytes). */
export function makeNonce(randomBytes: (size: number) => Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (byte) => alphabet[byte % alphabet.length]).join('');
}
