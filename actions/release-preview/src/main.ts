import { runAction } from '../../shared/src/log.js';
import { run } from './run.js';

await runAction(run);
