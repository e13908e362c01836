import { createApiKeyEntry, findApiKey, generateApiKey, hashApiKey, isWellFormedApiKey, type ApiKeyEntry } from '../../../src/auth/api-keys';

describe('API keys', () => {
  it('generates fgk_ + 32 random bytes in base64url, different every time', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).toMatch(/^fgk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(4), 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(isWellFormedApiKey(a)).toBe(true);
  });

  it('hashes as sha256:<hex> and never stores the key', () => {
    const { key, entry } = createApiKeyEntry('ci-bot', ['operator']);
    expect(entry.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(entry.hash).toBe(hashApiKey(key));
    expect(JSON.stringify(entry)).not.toContain(key.slice(4));
  });

  it('finds the matching entry among several, and nothing for a wrong or malformed key', () => {
    const one = createApiKeyEntry('one', ['viewer']);
    const two = createApiKeyEntry('two', ['admin']);
    const entries: ApiKeyEntry[] = [one.entry, two.entry];
    expect(findApiKey(entries, two.key)?.name).toBe('two');
    expect(findApiKey(entries, one.key)?.name).toBe('one');
    expect(findApiKey(entries, generateApiKey())).toBeUndefined();
    expect(findApiKey(entries, two.key.slice(0, -1))).toBeUndefined();
    expect(findApiKey(entries, `${two.key}x`)).toBeUndefined();
    expect(findApiKey(entries, '')).toBeUndefined();
    expect(findApiKey(entries, two.entry.hash)).toBeUndefined(); // the hash is not a key
  });
});
