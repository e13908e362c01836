/**
 * Extracts the Automation runbook catalog for the simulator from the AWS documentation dump
 * (/work/shared/seeds/ssm-user-guide-and-runbook-chunks.txt, a Hugging Face style export with
 * rows `id / source / chunk_id / text`; consecutive chunks overlap).
 *
 *   npm run extract-runbooks -w @fleetgraph/aws-sim -- [seedFile] [outFile]
 *
 * Output: src/ssm/runbooks.data.json (committed). Deterministic: same input, same output.
 * Everything in the output comes from the documentation text; step *inputs* are a best-effort
 * reconstruction (action-specific shape, the parameters a step description mentions, and the API
 * chosen from the runbook's documented IAM permissions) because the reference pages don't list them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildInputs } from './runbook-inputs';
import {
  type ExtractedRunbook,
  clean,
  deriveStepName,
  mergeOverlapping,
  parseDescription,
  parseParameters,
  parsePlatforms,
  parseSteps,
  readChunks,
  splitRunbooks,
} from './runbook-text';

const seedFile = process.argv[2] ?? '/work/shared/seeds/ssm-user-guide-and-runbook-chunks.txt';
const outFile = process.argv[3] ?? path.join(__dirname, '..', 'src', 'ssm', 'runbooks.data.json');

function extract(): ExtractedRunbook[] {
  const raw = mergeOverlapping(readChunks(seedFile));
  const text = clean(raw);
  const result: ExtractedRunbook[] = [];
  for (const { name, body } of splitRunbooks(text, raw.slice(0, 4000))) {
    const ownerM = /Document type Automation Owner (\w+)/.exec(body);
    const { params, permissions } = parseParameters(body);
    const { steps: rawSteps, outputs } = parseSteps(body);
    let stepsReconstructed = false;
    if (rawSteps.length === 0) {
      // e.g. AWS-ReleaseElasticIP documents no steps: one API step named after the runbook
      if (!params.length) continue;
      rawSteps.push({ name: name.replace(/^AWS[A-Za-z]*-/, ''), action: 'aws:executeAwsApi', description: parseDescription(body) });
      stepsReconstructed = true;
    }
    // a named output "Step.Output" whose step is unnamed in the docs names the first script/API step
    const named = new Set(rawSteps.filter((s) => s.name).map((s) => s.name));
    for (const o of outputs) {
      const stepName = o.split('.')[0];
      if (named.has(stepName)) continue;
      const target = rawSteps.find((s) => !s.name && (s.action === 'aws:executeScript' || s.action === 'aws:executeAwsApi'));
      if (target) {
        target.name = stepName;
        named.add(stepName);
      }
    }
    const used = new Set<string>();
    const names = rawSteps.map((s) => {
      let n = s.name ?? deriveStepName(s.description, s.action);
      let i = 2;
      const base = n;
      while (used.has(n)) n = `${base}${i++}`;
      used.add(n);
      return n;
    });
    const steps = rawSteps.map((s, i) => ({
      name: names[i],
      action: s.action,
      description: s.description,
      inputs: buildInputs(s.action, s.description, { params, permissions }, names[i], names[i + 1]),
    }));
    result.push({
      name,
      description: parseDescription(body),
      owner: ownerM?.[1] === 'Amazon' ? 'Amazon' : 'Amazon',
      platformTypes: parsePlatforms(body),
      parameters: params,
      permissions,
      steps,
      outputs,
      ...(stepsReconstructed ? { stepsReconstructed } : {}),
    });
  }
  return result;
}

const runbooks = extract();
const out = {
  generatedBy: 'scripts/extract-ssm-runbooks.ts',
  source: path.basename(seedFile),
  note: 'Names, descriptions, parameters (type, required, allowed values, defaults), step actions and outputs are from the AWS Automation runbook reference; step names for unnamed steps and step inputs are reconstructed.',
  runbooks,
};
fs.writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);
console.log(`${runbooks.length} runbooks → ${outFile}`);
for (const r of runbooks) console.log(`  ${r.name}: ${r.parameters.length} params, ${r.steps.length} steps, ${r.outputs.length} outputs`);
