/** ListDocuments, DescribeDocument, GetDocument. */
import { createHash } from 'crypto';
import { SimError } from '../../core/contract';
import { type Catalog, documentContent, documentDefault, type RunbookDef } from '../catalog';
import { paginate } from '../../core/json-pagination';
import { constraintError, optInt, optString, requireString, sec } from '../util';
import { parseFilters } from './filters';

const NAME_RE = /^[a-zA-Z0-9_\-.:/]{3,128}$/;
const VERSION_RE = /^([$]LATEST|[$]DEFAULT|[1-9][0-9]*)$/;

export function validateDocName(name: string, member = 'name'): void {
  if (!NAME_RE.test(name)) throw constraintError(name, member, 'Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.:/]{3,128}$');
}

export function validateDocVersion(v: string | undefined, member = 'documentVersion'): void {
  if (v !== undefined && !VERSION_RE.test(v)) throw constraintError(v, member, 'Member must satisfy regular expression pattern: ([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)');
}

function ownerLabel(rb: RunbookDef): string {
  return rb.owner;
}

function identifier(rb: RunbookDef): Record<string, unknown> {
  return {
    Name: rb.name,
    CreatedDate: sec(rb.createdMs),
    Owner: ownerLabel(rb),
    PlatformTypes: rb.platformTypes,
    DocumentVersion: rb.documentVersion,
    DocumentType: 'Automation',
    SchemaVersion: '0.3',
    DocumentFormat: 'JSON',
    Tags: [],
    ...(rb.owner !== 'Amazon' ? { Author: rb.owner } : {}),
  };
}

type DocPred = (rb: RunbookDef) => boolean;

function ownerPredicate(values: string[], accountId: string): DocPred {
  const allowed = ['Self', 'Amazon', 'Private', 'Public', 'ThirdParty', 'All'];
  const bad = values.find((v) => !allowed.includes(v) && !/^\d{12}$/.test(v));
  if (bad) throw new SimError('InvalidFilterValue', `The filter value ${bad} is not valid for Owner. Valid values: ${allowed.join(', ')}.`);
  return (rb) =>
    values.some((v) => {
      switch (v) {
        case 'All':
          return true;
        case 'Amazon':
        case 'Public':
          return rb.owner === 'Amazon';
        case 'Self':
        case 'Private':
          return rb.owner === accountId;
        case 'ThirdParty':
          return false;
        default:
          return rb.owner === v;
      }
    });
}

function keyPredicate(key: string, values: string[], accountId: string): DocPred {
  switch (key) {
    case 'Owner':
      return ownerPredicate(values, accountId);
    case 'Name':
      return (rb) => values.some((v) => rb.name.startsWith(v));
    case 'SearchKeyword':
      return (rb) => values.some((v) => rb.name.toLowerCase().includes(v.toLowerCase()) || rb.description.toLowerCase().includes(v.toLowerCase()));
    case 'DocumentType':
      return () => values.includes('Automation');
    case 'PlatformTypes':
      return (rb) => values.some((v) => rb.platformTypes.includes(v === 'macOS' ? 'MacOS' : v));
    case 'TargetType':
      return () => values.includes('/');
    default:
      if (key.startsWith('tag:') || key === 'tag-key') return () => false;
      throw new SimError('InvalidFilterKey', `The filter key ${key} is not valid.`);
  }
}

export function listDocuments(catalog: Catalog, accountId: string, body: Record<string, unknown>) {
  const filters = parseFilters(body.Filters, { member: 'Filters', maxFilters: 6, maxValues: 20 });
  const legacy = parseLegacyDocumentFilters(body.DocumentFilterList);
  const max = optInt(body, 'MaxResults', 1, 50) ?? 50;
  const preds: DocPred[] = [];
  for (const f of filters ?? []) preds.push(keyPredicate(f.Key, f.Values, accountId));
  for (const f of legacy ?? []) preds.push(keyPredicate(f.Key, f.Values, accountId));
  const items = catalog.runbooks.filter((rb) => preds.every((p) => p(rb)));
  const { page, nextToken } = paginate('ListDocuments', items, (rb) => rb.name, {
    nextToken: optString(body, 'NextToken'),
    maxResults: max,
    filters: { filters: filters ?? null, legacy: legacy ?? null },
  });
  return { DocumentIdentifiers: page.map(identifier), ...(nextToken ? { NextToken: nextToken } : {}) };
}

/** Deprecated DocumentFilterList: [{key, value}] with key Name | Owner | PlatformTypes | DocumentType. */
function parseLegacyDocumentFilters(raw: unknown): { Key: string; Values: string[] }[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new SimError('SerializationException', 'Unexpected value type for DocumentFilterList');
  if (raw.length < 1) throw constraintError('[]', 'documentFilterList', 'Member must have length greater than or equal to 1');
  const keys = ['Name', 'Owner', 'PlatformTypes', 'DocumentType'];
  return raw.map((f: unknown, i: number) => {
    const o = (f ?? {}) as Record<string, unknown>;
    if (typeof o.key !== 'string' || !keys.includes(o.key)) {
      throw constraintError(o.key ?? null, `documentFilterList.${i + 1}.member.key`, `Member must satisfy enum value set: [${keys.join(', ')}]`);
    }
    if (typeof o.value !== 'string' || o.value.length < 1) throw constraintError(o.value ?? null, `documentFilterList.${i + 1}.member.value`, 'Member must have length greater than or equal to 1');
    return { Key: o.key, Values: [o.value] };
  });
}

export function findDocument(catalog: Catalog, body: Record<string, unknown>): { rb: RunbookDef; version: string } {
  const name = requireString(body, 'Name');
  validateDocName(name);
  const version = optString(body, 'DocumentVersion');
  validateDocVersion(version);
  const rb = catalog.get(name);
  if (!rb) throw new SimError('InvalidDocument', 'The specified document does not exist.');
  if (!catalog.hasVersion(rb, version)) throw new SimError('InvalidDocumentVersion', 'The document version is not valid or does not exist.');
  return { rb, version: catalog.resolveVersion(rb, version) };
}

export function describeDocument(catalog: Catalog, body: Record<string, unknown>) {
  const { rb, version } = findDocument(catalog, body);
  const content = JSON.stringify(documentContent(rb));
  const hash = createHash('sha256').update(content).digest('hex');
  return {
    Document: {
      Hash: hash,
      HashType: 'Sha256',
      Name: rb.name,
      Owner: ownerLabel(rb),
      CreatedDate: sec(rb.createdMs + (Number(version) - 1) * 86_400_000),
      Status: 'Active',
      DocumentVersion: version,
      Description: rb.description,
      Parameters: rb.parameters.map((p) => {
        const d = documentDefault(p);
        return {
          Name: p.name,
          Type: p.type,
          Description: `(${p.required ? 'Required' : 'Optional'}) ${p.description}`,
          ...(d !== undefined ? { DefaultValue: d } : {}),
        };
      }),
      PlatformTypes: rb.platformTypes,
      DocumentType: 'Automation',
      SchemaVersion: '0.3',
      LatestVersion: rb.documentVersion,
      DefaultVersion: rb.documentVersion,
      DocumentFormat: 'JSON',
      Tags: [],
      ...(rb.owner !== 'Amazon' ? { Author: rb.owner } : {}),
    },
  };
}

export function getDocument(catalog: Catalog, body: Record<string, unknown>) {
  const { rb, version } = findDocument(catalog, body);
  const format = optString(body, 'DocumentFormat') ?? 'JSON';
  if (!['JSON', 'YAML', 'TEXT'].includes(format)) throw constraintError(format, 'documentFormat', 'Member must satisfy enum value set: [YAML, JSON, TEXT]');
  const doc = documentContent(rb);
  return {
    Name: rb.name,
    CreatedDate: sec(rb.createdMs + (Number(version) - 1) * 86_400_000),
    DocumentVersion: version,
    Status: 'Active',
    Content: format === 'YAML' ? toYaml(doc) : JSON.stringify(doc, null, 2),
    DocumentType: 'Automation',
    DocumentFormat: format === 'YAML' ? 'YAML' : 'JSON',
    Requires: [],
    AttachmentsContent: [],
  };
}

/** Minimal YAML emitter for document content (strings always quoted). */
export function toYaml(v: unknown, indent = ''): string {
  const scalar = (x: unknown) => (typeof x === 'string' ? JSON.stringify(x) : String(x));
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return v
      .map((x) => {
        if (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length) {
          const inner = toYaml(x, `${indent}  `);
          return `${indent}- ${inner.slice(indent.length + 2)}`;
        }
        return `${indent}- ${x && typeof x === 'object' ? toYaml(x, `${indent}  `).trim() : scalar(x)}`;
      })
      .join('\n');
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return entries
      .map(([k, x]) => {
        if (x && typeof x === 'object' && (Array.isArray(x) ? x.length : Object.keys(x).length)) return `${indent}${k}:\n${toYaml(x, `${indent}  `)}`;
        return `${indent}${k}: ${x && typeof x === 'object' ? (Array.isArray(x) ? '[]' : '{}') : scalar(x)}`;
      })
      .join('\n');
  }
  return `${indent}${scalar(v)}`;
}
