import { WeftError } from '@weft/engine';
import type { CliOutput } from '../cli/cli-output.ts';
import { loadConfig } from '../config.ts';
import { rotateDirectDeliverySecretKeys } from '../delivery/direct-deliveries-repo.ts';
import { rotateSubscriptionSecretKeys } from '../delivery/subscription-secrets-repo.ts';
import { createDatabase } from '../storage/database.ts';
import { migrate } from '../storage/migrator.ts';
import { openDatabaseLocation } from '../storage/open-database.ts';
import { rotateCredentialKeys } from './credentials-repo.ts';
import { loadKeyring } from './keyring.ts';

/**
 * `weft credentials rotate-key`: re-encrypts every credential, and every outbound webhook
 * subscription's and direct delivery's signing secrets, under WEFT_ENCRYPTION_KEY, opening old rows with
 * WEFT_ENCRYPTION_KEY_PREVIOUS. Safe while Weft runs; exit code 0 on success, 1 when a row is
 * sealed with a key that is not configured.
 */
export async function rotateKeyCommand(environment: Record<string, string | undefined>, out: CliOutput): Promise<number> {
  const config = loadConfig(environment);
  const location = await openDatabaseLocation(config, (message) => out.stderr(message));
  const database = createDatabase(location.connectionString, 2);
  try {
    await migrate(database);
    const keyring = await loadKeyring({ encryptionKey: config.encryptionKey, previousKeys: config.previousEncryptionKeys, dataDir: config.dataDir });
    const rotated = await rotateCredentialKeys(database, keyring);
    const subscriptions = await rotateSubscriptionSecretKeys(database, keyring);
    const deliveries = await rotateDirectDeliverySecretKeys(database, keyring);
    out.stdout(
      `re-encrypted ${rotated} credential${rotated === 1 ? '' : 's'} and the secrets of ${subscriptions} subscription${subscriptions === 1 ? '' : 's'}${directPart(deliveries)} under key ${keyring.current.id}`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof WeftError)) throw error;
    out.stderr(`${error.code}: ${error.message}`);
    return 1;
  } finally {
    await database.end();
    await location.embedded?.stop();
  }
}

// Mentioned only when there were some: most installations send no direct deliveries.
function directPart(deliveries: number): string {
  return deliveries === 0 ? '' : ` and of ${deliveries} direct deliver${deliveries === 1 ? 'y' : 'ies'}`;
}
