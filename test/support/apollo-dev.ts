// Apollo Client's CommonJS build checks `globalThis.__DEV__` once, when it loads: its cache
// warnings (the point of testing against it) exist only in development mode. Import first.
(globalThis as { __DEV__?: boolean }).__DEV__ = true;
export {};
