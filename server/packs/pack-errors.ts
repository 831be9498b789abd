import { WeftError } from '@weft/engine';

/**
 * Why a pack was refused. Stable: they appear in `GET /api/packs`, in the log and in the CLI.
 * - `invalid_manifest`: package.json is missing, unreadable or has no valid `weft` field;
 * - `incompatible_sdk`: `weft.sdk` names a node SDK version this Weft does not provide;
 * - `import_failed`: the entry module threw (or could not be found) while loading;
 * - `invalid_pack`: the entry module's `pack` export is not a pack made with definePack;
 * - `outside_namespace`: a node or credential type id does not start with `<pack id>.`;
 * - `clash`: the pack id, a node type or a credential type id is already taken by another pack;
 * - `pack_not_installed`, `npm_failed`, `invalid_pack_name`: the `weft pack` commands' own failures.
 */
export type PackErrorCode =
  | 'invalid_manifest'
  | 'incompatible_sdk'
  | 'import_failed'
  | 'invalid_pack'
  | 'outside_namespace'
  | 'clash'
  | 'pack_not_installed'
  | 'npm_failed'
  | 'invalid_pack_name';

export class PackError extends WeftError {
  declare readonly code: PackErrorCode;

  constructor(code: PackErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/** The message of anything thrown, for a report line. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
