/**
 * `npm run bench`: every benchmark, each printing its own numbers next to the peers it names,
 * measured in the same run. Nothing here asserts: tests never time things; this only reports.
 * `npm run bench -- acd` (or acd-line, ami, esl, start, login, ws, auth, floor, records, lookup, setup, chat, reports) runs one.
 */
import { runAcdBench, runLineBench } from './acd.js';
import { runAmiBench } from './ami.js';
import { runEslBench } from './esl.js';
import { runStartBench } from './start.js';
import { runLoginBench } from './login.js';
import { runWsBench } from './ws.js';
import { runAuthBench } from './auth.js';
import { runFloorBench } from './floor.js';
import { runRecordsBench } from './records.js';
import { runLookupBench } from './lookup.js';
import { runSetupBench } from './setup.js';
import { runChatBench } from './chat.js';
import { runReportsBench } from './reports.js';

const benches: Record<string, () => Promise<void>> = {
  acd: runAcdBench,
  'acd-line': runLineBench,
  ami: runAmiBench,
  esl: runEslBench,
  start: runStartBench,
  login: runLoginBench,
  ws: runWsBench,
  auth: runAuthBench,
  floor: runFloorBench,
  records: runRecordsBench,
  lookup: runLookupBench,
  setup: runSetupBench,
  chat: runChatBench,
  reports: runReportsBench,
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in benches)) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
}
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n## ${name}`);
  await run();
}
