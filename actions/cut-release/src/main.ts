import { runAction } from '../../shared/src/inputs.js';
import { run } from './run.js';

await runAction(run);
