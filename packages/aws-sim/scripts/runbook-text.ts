/**
 * The AWS runbook reference as text: the dump's rows merged into one text, then cut into runbooks
 * with their descriptions, platforms, parameters, documented IAM permissions, steps and outputs.
 */
import * as fs from 'fs';

const PARAM_TYPES = ['StringList', 'StringMap', 'MapList', 'String', 'Integer', 'Boolean'] as const;

export interface ExtractedParameter {
  name: string;
  type: string;
  description: string;
  required: boolean;
  allowedValues?: string[];
  default?: string;
}
export interface ExtractedStep {
  name: string;
  action: string;
  description: string;
  inputs: Record<string, unknown>;
}
export interface ExtractedRunbook {
  name: string;
  description: string;
  owner: string;
  platformTypes: string[];
  parameters: ExtractedParameter[];
  permissions: string[];
  steps: ExtractedStep[];
  outputs: string[];
  stepsReconstructed?: boolean;
}

// ---------------------------------------------------------------- 1. rows → one text

export function readChunks(file: string): string[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  // header: 15 lines of column metadata, then rows of 4 lines (id, source, chunk_id, text)
  const start = lines.findIndex((l, i) => i > 0 && /-\d{3}$/.test(l) && lines[i + 1]?.endsWith('.pdf'));
  const chunks: string[] = [];
  for (let i = start; i + 3 < lines.length + 1; i += 4) {
    if (!lines[i] || !lines[i + 3]) continue;
    if (lines[i + 1].includes('automation-runbook-guide')) chunks.push(lines[i + 3]);
  }
  return chunks;
}

export function mergeOverlapping(chunks: string[]): string {
  let acc = chunks[0] ?? '';
  for (const c of chunks.slice(1)) {
    let overlap = 0;
    for (let k = Math.min(c.length, acc.length, 4000); k >= 30; k--) {
      if (acc.endsWith(c.slice(0, k))) {
        overlap = k;
        break;
      }
    }
    if (overlap) {
      acc += c.slice(overlap);
      continue;
    }
    const idx = acc.lastIndexOf(c.slice(0, 200));
    acc = idx >= 0 ? acc.slice(0, idx) + c : `${acc} ${c}`;
  }
  return acc;
}

export function clean(text: string): string {
  return (
    text
      // page footers: "<runbook or section title> 853 AWS Systems Manager Automation runbook reference User Guide"
      .replace(/\s*(?:AWS[A-Za-z]*-\s?[A-Za-z0-9]+ )?\d{3,4} AWS Systems Manager Automation runbook reference User Guide\s*/g, ' ')
      .replace(/\s*(?:AWS WAF|Amazon WorkSpaces|X-Ray)(?= Document type| Automation Owner| •)/g, '')
      .replace(/Document type AWS WAF Automation/g, 'Document type Automation')
      // names broken over a line: "AWSConfigRemediation- RemoveUnrestrictedSourceIngressRules"
      .replace(/\b(AWS[A-Za-z]*-) ([A-Z][A-Za-z0-9]+)/g, '$1$2')
      .replace(/\s+/g, ' ')
  );
}

// ---------------------------------------------------------------- 2. text → runbooks

const HEADER = /(AWS[A-Za-z]*-[A-Za-z0-9]+) Description (?=(?:The )?\1|[A-Z])/g;

export function splitRunbooks(text: string, rawHead: string): { name: string; body: string }[] {
  const heads: { name: string; at: number; bodyAt: number }[] = [];
  for (const m of text.matchAll(HEADER)) heads.push({ name: m[1], at: m.index ?? 0, bodyAt: (m.index ?? 0) + m[0].length });
  const out: { name: string; body: string }[] = [];
  // the dump starts in the middle of AWSSupport-EnableVPCFlowLogs' description
  const firstDoc = text.indexOf('Document type');
  if (heads.length === 0 || firstDoc < heads[0].at) {
    const footerName = /AWS[A-Za-z]*-[A-Za-z0-9]+(?= \d{3,4} AWS Systems Manager)/.exec(rawHead)?.[0] ?? 'Unknown';
    out.push({ name: footerName, body: `The ${footerName} ${text.slice(0, heads[0]?.at ?? text.length)}` });
  }
  heads.forEach((h, i) => out.push({ name: h.name, body: text.slice(h.bodyAt, heads[i + 1]?.at ?? text.length) }));
  return out.filter((r) => r.body.includes('Document type Automation'));
}

function sentenceCut(s: string, max = 600): string {
  const t = s.trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const dot = cut.lastIndexOf('. ');
  return dot > 80 ? cut.slice(0, dot + 1) : cut;
}

export function parseDescription(body: string): string {
  const end = body.indexOf('Run this Automation');
  let d = body.slice(0, end >= 0 ? end : body.indexOf('Document type'));
  d = d.split(/ (?:Important|Note|Additional Information|Warning) /)[0];
  return sentenceCut(d.replace(/\s+\./g, '.').trim());
}

export function parsePlatforms(body: string): string[] {
  const m = /Platforms ((?:Linux|macOS|Windows)(?:, (?:Linux|macOS|Windows))*)/.exec(body);
  if (!m) return ['Linux', 'MacOS', 'Windows'];
  return m[1].split(', ').map((p) => (p === 'macOS' ? 'MacOS' : p));
}

export function parseParameters(body: string): { params: ExtractedParameter[]; permissions: string[] } {
  const start = body.indexOf(' Parameters ');
  if (start < 0) return { params: [], permissions: [] };
  const stepsAt = body.indexOf('Document Steps');
  const section = body.slice(start + ' Parameters '.length, stepsAt >= 0 ? stepsAt : body.length);
  const iam = section.indexOf('Required IAM permissions');
  const paramText = iam >= 0 ? section.slice(0, iam) : section;
  const permText = iam >= 0 ? section.slice(iam) : '';
  const permissions = [...new Set([...permText.matchAll(/• ([a-z0-9-]+:[A-Za-z]+)/g)].map((m) => m[1]))];

  const params: ExtractedParameter[] = [];
  for (const raw of paramText.split('•').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z][A-Za-z0-9]*) Type: (StringList|StringMap|MapList|String|Integer|Boolean)\b(.*)$/.exec(raw);
    if (!m) continue;
    const [, name, type, rest0] = m;
    let rest = rest0.trim();
    let allowedValues: string[] | undefined;
    let def: string | undefined;
    const take = (re: RegExp): string | undefined => {
      const mm = re.exec(rest);
      if (!mm) return undefined;
      rest = (rest.slice(0, mm.index) + rest.slice(mm.index + mm[0].length)).trim();
      return mm[1].trim();
    };
    const vv = take(/^Valid values: (.+?)(?= Default: | Description: )/) ?? take(/ Valid values: ([A-Za-z0-9_.\-]+(?: \| [A-Za-z0-9_.\-]+)*)\s*$/);
    if (vv) allowedValues = vv.split('|').map((v) => v.trim()).filter(Boolean);
    def = take(/^Default: (.+?)(?= Description: )/);
    const dm = /Description: \((Required|Optional)\)\s*(.*)$/.exec(rest);
    const required = dm?.[1] === 'Required';
    let description = (dm?.[2] ?? rest).trim();
    const trailing = / Valid values: ([A-Za-z0-9_.\-]+(?: \| [A-Za-z0-9_.\-]+)*)\s*$/.exec(description);
    if (trailing) {
      allowedValues = trailing[1].split('|').map((v) => v.trim());
      description = description.slice(0, trailing.index).trim();
    }
    if (!def) {
      const dv = /The default value is (True|False|\d+)\b/.exec(description);
      if (dv) def = dv[1];
    }
    description = sentenceCut(description.replace(/\s+\./g, '.'), 500);
    const p: ExtractedParameter = { name, type, description, required };
    if (allowedValues?.length) p.allowedValues = allowedValues;
    if (def !== undefined) p.default = def;
    params.push(p);
  }
  return { params, permissions };
}

const STOP = new Set(
  'the a an if for of to based on value values specified specify you your in is are be by from and that with this it its which potentially provided created automation step runbook parameter after being has have as at or into'.split(' '),
);

function pascal(words: string[]): string {
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function singularVerb(w: string): string {
  if (/ies$/.test(w)) return w.slice(0, -3) + 'y';
  if (/(?:ches|shes|sses|xes)$/.test(w)) return w.slice(0, -2);
  if (/[^s]s$/.test(w)) return w.slice(0, -1);
  return w;
}

export function deriveStepName(description: string, action: string): string {
  const words = description
    .replace(/\([^)]*\)/g, ' ')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w && !STOP.has(w.toLowerCase()));
  const verb = singularVerb(words[0] ?? action.replace('aws:', ''));
  const name = pascal([verb.toLowerCase(), ...words.slice(1, 4)]);
  return name.slice(0, 60) || 'Step';
}

export function parseSteps(body: string): { steps: { name?: string; action: string; description: string }[]; outputs: string[] } {
  const at = body.indexOf('Document Steps');
  if (at < 0) return { steps: [], outputs: [] };
  let text = body.slice(at + 'Document Steps'.length);
  let outputsText = '';
  const outAt = text.search(/ Outputs\b/);
  if (outAt >= 0) {
    outputsText = text.slice(outAt + ' Outputs'.length);
    text = text.slice(0, outAt);
  }
  // cut trailing section prose (the next section title before the next runbook header)
  const steps: { name?: string; action: string; description: string }[] = [];
  const numbered = /^\s*1\.\s?aws:/.test(text);
  const items = numbered ? text.split(/\s(?=\d{1,2}\.\s?aws:)/) : text.split('•');
  for (let raw of items) {
    raw = raw.trim().replace(/^\d{1,2}\.\s?/, '');
    if (!raw) continue;
    raw = raw.split(/ \((?:Cleanup|IPv6)\)/)[0];
    let m = /^([A-Za-z][A-Za-z0-9]+) \((aws:[A-Za-z]+)\) - (.*)$/.exec(raw);
    if (m) {
      steps.push({ name: m[1], action: m[2], description: cutProse(m[3]) });
      continue;
    }
    m = /^(aws:[A-Za-z]+) - (.*)$/.exec(raw);
    if (m) steps.push({ action: m[1], description: cutProse(m[2]) });
  }
  const outputs = outputsText.startsWith(' None')
    ? []
    : [...new Set([...outputsText.slice(0, 1500).matchAll(/\b([A-Z][A-Za-z0-9]+)\.([A-Z][A-Za-z0-9]+)\b/g)].map((mm) => `${mm[1]}.${mm[2]}`))];
  return { steps, outputs };
}

/** Step descriptions run into the next section's prose ("… deleted. AWS WAF AWS Systems Manager Automation provides …"). */
function cutProse(s: string): string {
  const stops = [/ [A-Z][A-Za-z\- ]{1,40} AWS Systems Manager Automation provides/, / AWS[A-Za-z]*-[A-Za-z0-9]+ Description /, / Outputs /];
  let out = s;
  for (const re of stops) {
    const m = re.exec(out);
    if (m) out = out.slice(0, m.index);
  }
  out = out.trim();
  // first sentence is enough for a step description
  const dot = out.indexOf('. ');
  if (dot > 20) out = out.slice(0, dot + 1);
  return out.replace(/\s+\./g, '.').replace(/\s+,/g, ',');
}
