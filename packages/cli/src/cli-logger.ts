import type { Logger } from '../../core/src/index.js';
import type { CliIO } from './main.js';
import type { Terminal } from './terminal.js';

/** Results on stdout; warnings, and progress where someone watches, on stderr. */
export function cliLogger(io: CliIO, term: Terminal): Logger {
  return {
    debug() {},
    info: (message) => io.stdout(message),
    warning: (message) => io.stderr(`${term.err('warning:', 'yellow')} ${message}`),
    ...(term.progress && {
      progress: (message: string) => io.stderr(term.err(message, 'dim')),
      progressIntervalMs: io.progressIntervalMs,
    }),
  };
}
