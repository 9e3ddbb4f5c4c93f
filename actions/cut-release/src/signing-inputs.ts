import * as core from '@actions/core';
import { UserError, type Signing, type SigningFormat } from '../../../packages/core/src/index.js';
import { choiceInput, stringInput, stringInputUntrimmed } from '../../shared/src/inputs.js';

/**
 * The signing inputs: `signing-key` (with `signing-format` and `signing-passphrase`), masked in the
 * log line by line before anything can print them. Undefined: the release is not signed.
 */
export function signingInputs(tempDir: string): Signing | undefined {
  const key = stringInput('signing-key');
  // Not trimmed: spaces at either end of a passphrase are part of it.
  const passphrase = stringInputUntrimmed('signing-passphrase');
  for (const secret of [key, passphrase])
    for (const line of secret.split(/\r?\n/)) if (line.trim()) core.setSecret(line.trim());
  const format = choiceInput<SigningFormat | ''>('signing-format', ['ssh', 'openpgp', ''], '');
  if (!key) {
    if (format || passphrase)
      throw new UserError('signing-format and signing-passphrase need signing-key, which is empty');
    return undefined;
  }
  return { kind: 'key', key, format: format || undefined, passphrase: passphrase || undefined, tempDir };
}
