import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitHubWebhookAdapter } from './webhook.ts';

const adapter = createGitHubWebhookAdapter();

// Every `release` example the package ships: api.github.com and each GHES version.
const examplesRoot = dirname(createRequire(import.meta.url).resolve('@octokit/webhooks-examples/package.json'));
const releaseExamples = readdirSync(examplesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    const definitions = JSON.parse(readFileSync(join(examplesRoot, entry.name, 'index.json'), 'utf8')) as Array<{ name: string; examples: any[] }>;
    const examples = definitions.find((d) => d.name === 'release')?.examples ?? [];
    return examples.map((body, i) => ({ source: `${entry.name} #${i} ${String(body.action)}`, body }));
  });

describe('GitHub release deliveries', () => {
  it('reads every published example: published and changed releases are stored, deleted and drafts are not', () => {
    expect(releaseExamples.length).toBeGreaterThan(10);
    for (const { source, body } of releaseExamples) {
      const event = adapter.releaseEvent!('release', body);
      if (body.action === 'unpublished' || body.action === 'deleted' || body.release.draft) {
        expect(event?.change, source).toBe('delete');
      } else {
        expect(event?.change, source).toBe('upsert');
      }
      expect(event?.release, source).toMatchObject({ externalId: String(body.release.id), tag: body.release.tag_name, prerelease: body.release.prerelease });
      expect(event?.repo, source).toEqual({ owner: body.repository.owner.login, name: body.repository.name, externalId: String(body.repository.id) });
    }
  });

  it('normalises the published example: the tag stands in for a missing name, and a branch is no target commit', () => {
    const body = releaseExamples.find((e) => e.source.startsWith('api.github.com') && e.body.action === 'published')!.body;
    expect(adapter.releaseEvent!('release', body)).toEqual({
      repo: { owner: 'Codertocat', name: 'Hello-World', externalId: '186853002' },
      change: 'upsert',
      release: {
        externalId: '17372790',
        tag: '0.0.1',
        name: '0.0.1',
        publishedAt: '2019-05-15T15:20:53Z',
        prerelease: false,
        url: 'https://github.com/Codertocat/Hello-World/releases/tag/0.0.1',
        targetCommit: null,
      },
    });
  });

  it('answers from the action alone which deliveries it uses, and refuses a malformed one with the field', () => {
    // A used action needs its payload, so the action alone throws: ingress stores such deliveries.
    expect(() => adapter.releaseEvent!('release', { action: 'deleted' })).toThrow(/release/);
    expect(() => adapter.releaseEvent!('release', { action: 'published' })).toThrow(/release/);
    expect(adapter.releaseEvent!('release', { action: 'assets_uploaded' })).toBeNull();
    expect(adapter.releaseEvent!('pull_request', { action: 'published' })).toBeNull();
    const broken = structuredClone(releaseExamples[0].body);
    broken.release.tag_name = 7;
    expect(() => adapter.releaseEvent!('release', broken)).toThrow(/release\.tag_name/);
  });
});
