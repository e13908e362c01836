/**
 * A tiny XML writer for EC2 Query responses. Objects become elements, arrays become
 * `<xxxSet><item>…</item></xxxSet>`-style lists (the caller names the set), Dates ISO-8601,
 * undefined/null are omitted. Text is escaped.
 */
export type XmlValue = string | number | boolean | Date | null | undefined | XmlValue[] | XmlObject;
export interface XmlObject {
  [key: string]: XmlValue;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(s: string): string {
  // Also drop characters XML 1.0 cannot carry.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[&<>"']/g, (c) => ESC[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

function renderInner(v: XmlValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((item) => element('item', item)).join('');
  if (typeof v === 'object') return xmlChildren(v);
  return escapeXml(String(v));
}

export function element(tag: string, v: XmlValue): string {
  if (v === null || v === undefined) return '';
  const inner = renderInner(v);
  return inner === '' ? `<${tag}/>` : `<${tag}>${inner}</${tag}>`;
}

/** Children of an object, in key order. */
export function xmlChildren(obj: XmlObject): string {
  let out = '';
  for (const k of Object.keys(obj)) out += element(k, obj[k]);
  return out;
}

export function tagSet(tags: readonly { key: string; value: string }[]): XmlValue {
  return tags.map((t) => ({ key: t.key, value: t.value }));
}
