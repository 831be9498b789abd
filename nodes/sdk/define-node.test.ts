import type { NodeMigration } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from './define-node.ts';

const keep = (params: Parameters<NodeMigration['up']>[0]) => params;

function nodeMigrating(typeVersion: number, fromVersions: number[]) {
  return defineNode({
    type: 'acme.call',
    typeVersion,
    displayName: 'Call',
    description: 'Calls Acme.',
    category: 'Actions',
    params: z.strictObject({}),
    migrations: fromVersions.map((fromVersion) => ({ fromVersion, up: keep })),
    run: async () => ({ output: null }),
  });
}

describe('defineNode migrations', () => {
  it.each([
    { typeVersion: 2, fromVersions: [1] },
    { typeVersion: 4, fromVersions: [2, 3] },
    { typeVersion: 3, fromVersions: [2, 1] },
  ])('keeps a chain from $fromVersions to v$typeVersion, in order', ({ typeVersion, fromVersions }) => {
    const node = nodeMigrating(typeVersion, fromVersions);

    expect(node.migrations?.map((migration) => migration.fromVersion)).toEqual(fromVersions.toSorted());
  });

  it.each([
    { why: 'a gap', typeVersion: 4, fromVersions: [1, 3] },
    { why: 'a chain that stops short of the current version', typeVersion: 3, fromVersions: [1] },
    { why: 'a step from the current version', typeVersion: 2, fromVersions: [1, 2] },
    { why: 'a step from version 0', typeVersion: 2, fromVersions: [0, 1] },
    { why: 'the same version twice', typeVersion: 2, fromVersions: [1, 1] },
  ])('refuses $why', ({ typeVersion, fromVersions }) => {
    expect(() => nodeMigrating(typeVersion, fromVersions)).toThrow(`node acme.call@${typeVersion} must migrate from consecutive versions`);
  });
});
