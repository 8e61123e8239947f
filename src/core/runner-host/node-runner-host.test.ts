import { join } from 'node:path';
import { FIXTURES_DIR } from '../testing/temp-engine';
import { createNodeRunnerHost } from './node-runner-host';
import { describeRunnerHostContract } from './runner-host-contract';

// The Electron host runs the same contract where Electron exists (src/main); here only Node can run.
describeRunnerHostContract('NodeRunnerHost', (runnerEntry) => createNodeRunnerHost({ runnerEntry }), join(FIXTURES_DIR, 'burst-runner.mjs'));
