import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { constants } from 'node:os';

/** Between SIGTERM and SIGKILL: time for git to remove its lock files, for python to unwind. */
export const KILL_GRACE_MS = 2000;

/** How long pyrelease, told to stop, waits for its commands' groups to end before it kills what is left. */
export const STOP_GRACE_MS = 2000;

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

// Windows has no process groups: there a command is started and killed as before, alone.
const GROUPS = process.platform !== 'win32';

/** The commands pyrelease is running: what a SIGINT or SIGTERM to pyrelease is passed on to. */
const live = new Set<ChildProcessWithoutNullStreams>();
let stopping: NodeJS.Signals | null = null;
let forwarding = false;

/**
 * Starts a command as the leader of its own process group, so that a timeout or a cancellation can end
 * everything it started (git's transport helper, ssh, a build's compilers), not only the command.
 */
export function startInGroup(
  command: string,
  args: readonly string[],
  cwd: string | undefined,
  env: NodeJS.ProcessEnv,
): ChildProcessWithoutNullStreams {
  forwardStopSignals();
  const child = spawn(command, [...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: GROUPS });
  live.add(child);
  return child;
}

/** The command has its answer. While pyrelease stops, its group is still waited for. */
export function forgetChild(child: ChildProcessWithoutNullStreams): void {
  if (!stopping) live.delete(child);
}

/** The signal pyrelease was told to stop with; a stopping pyrelease starts no new command. */
export function stoppingSignal(): NodeJS.Signals | null {
  return stopping;
}

export function signalGroup(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): void {
  if (!GROUPS || child.pid === undefined) {
    child.kill(signal);
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone: every process of it has ended.
  }
}

/** SIGTERM to the whole group, SIGKILL to whatever of it is left after the grace. */
export function terminateGroup(child: ChildProcessWithoutNullStreams): void {
  signalGroup(child, 'SIGTERM');
  setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
}

function groupAlive(child: ChildProcessWithoutNullStreams): boolean {
  if (!GROUPS || child.pid === undefined) return child.exitCode === null && child.signalCode === null;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Installed once, when the first command starts. The runner cancels a job with SIGINT, then SIGTERM, and
 * a terminal's Ctrl-C signals its foreground group: commands in their own groups get neither.
 */
function forwardStopSignals(): void {
  if (forwarding) return;
  forwarding = true;
  for (const signal of STOP_SIGNALS) process.on(signal, onStopSignal);
}

/** Passes the signal on to every command's group, and ends pyrelease once they have ended. */
function onStopSignal(signal: NodeJS.Signals): void {
  const first = stopping === null;
  stopping ??= signal;
  for (const child of live) signalGroup(child, signal);
  if (first) void endAfterGroups([...live], signal);
}

async function endAfterGroups(children: ChildProcessWithoutNullStreams[], signal: NodeJS.Signals) {
  const deadline = Date.now() + STOP_GRACE_MS;
  // A referenced timer: pyrelease must not end on an empty event loop before it re-raises the signal.
  while (children.some(groupAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  for (const child of children) signalGroup(child, 'SIGKILL');
  endBy(signal);
}

/**
 * What must not outlive a stopped pyrelease (a signing key's private folder, its gpg-agent): run,
 * synchronously, before the process ends by a stop signal, when no `finally` runs. Returns the way to
 * take it back once the owner has cleaned up by itself.
 */
const stopCleanups = new Set<() => void>();

export function cleanUpOnStop(cleanup: () => void): () => void {
  forwardStopSignals();
  stopCleanups.add(cleanup);
  return () => stopCleanups.delete(cleanup);
}

/** Ends the process as the signal would have ended it without our handler: the exit status says so. */
function endBy(signal: NodeJS.Signals): void {
  for (const cleanup of stopCleanups) {
    try {
      cleanup();
    } catch {
      // Ending matters more than any one cleanup.
    }
  }
  stopCleanups.clear();
  for (const s of STOP_SIGNALS) process.removeListener(s, onStopSignal);
  // Someone else listens for it too: how the process ends is theirs to decide.
  if (process.listenerCount(signal) > 0) return;
  process.kill(process.pid, signal);
  setTimeout(() => process.exit(128 + constants.signals[signal]), 500);
}
