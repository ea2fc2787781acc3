// Profile, identities, connection data, repositories, refs, pushes and items.
import { createHash } from 'node:crypto';
import { type Handler, type HandlerContext, orgOf, projectOf, repoOf } from './context.ts';
import { adoError, collection, identityJson, identityRef, type Reply, repositoryJson } from './shapes.ts';
import { CONNECTION_DATA } from './spec.ts';
import { type FakeRepository, ZERO_ID } from './state.ts';

const ok = (body: unknown, status = 200): Reply => ({ status, body });

const profile: Handler = (ctx) => {
  if (ctx.pathParams.id !== 'me' && ctx.pathParams.id !== ctx.caller.id) throw adoError(404, 'Profile not found.', 'ProfileNotFoundException');
  const me = ctx.caller;
  return ok({
    displayName: me.displayName,
    publicAlias: me.id,
    emailAddress: me.uniqueName,
    coreRevision: 1,
    timeStamp: '2024-01-01T00:00:00+00:00',
    id: me.id,
    revision: 1,
  });
};

const identities: Handler = (ctx) => {
  const org = orgOf(ctx);
  const ids = ctx.query.get('identityIds')?.toLowerCase().split(',');
  const value = ctx.query.get('filterValue')?.toLowerCase();
  const found = org.identities.filter((i) =>
    ids ? ids.includes(i.id) : value !== undefined && (i.uniqueName.toLowerCase() === value || i.displayName.toLowerCase() === value),
  );
  // The spec says a bare array; the service wraps it like every other collection.
  return ok(collection(found.map(identityJson)));
};

/** Who the caller is in the organisation; any valid PAT for the organisation may ask. */
const connectionData: Handler = (ctx) => {
  const org = orgOf(ctx);
  const me = identityJson(ctx.caller);
  return ok({
    authenticatedUser: me,
    authorizedUser: me,
    instanceId: org.id,
    deploymentId: '6b1d2d0c-3e3f-4b45-9a2c-000000000001',
    deploymentType: 'hosted',
    locationServiceData: {
      serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
      defaultAccessMappingMoniker: 'PublicAccessMapping',
      lastChangeId: 1,
      lastChangeId64: 1,
    },
  });
};

const listRepositories: Handler = (ctx) => ok(collection(projectOf(ctx).repositories.map((r) => repositoryJson(ctx.base, r))));
const getRepository: Handler = (ctx) => ok(repositoryJson(ctx.base, repoOf(ctx)));

function refJson(ctx: HandlerContext, repo: FakeRepository, name: string, objectId: string) {
  const org = repo.project.organization.name;
  return {
    name,
    objectId,
    creator: identityRef(ctx.base, org, ctx.caller),
    url: `${ctx.base}/${org}/${repo.project.id}/_apis/git/repositories/${repo.id}/refs?filter=${encodeURIComponent(name.slice(5))}`,
  };
}

const listRefs: Handler = (ctx) => {
  const repo = repoOf(ctx);
  // `filter` is a prefix match without the leading `refs/`: heads/main also returns heads/main-old.
  const prefix = `refs/${ctx.query.get('filter') ?? ''}`;
  const refs = [...repo.refs].filter(([name]) => name.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b));
  return ok(collection(refs.map(([name, id]) => refJson(ctx, repo, name, id))));
};

// Ref updates answer 200 even when an item failed: each result carries `success`.
const updateRefs: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const results = (ctx.body as { name: string; oldObjectId: string; newObjectId: string }[]).map((u) => {
    const current = repo.refs.get(u.name) ?? ZERO_ID;
    const stale = current !== u.oldObjectId;
    const unknown = u.newObjectId !== ZERO_ID && !repo.commits.has(u.newObjectId);
    const success = !stale && !unknown;
    if (success) {
      if (u.newObjectId === ZERO_ID) repo.refs.delete(u.name);
      else repo.refs.set(u.name, u.newObjectId);
    }
    return {
      repositoryId: repo.id,
      name: u.name,
      oldObjectId: u.oldObjectId,
      newObjectId: u.newObjectId,
      isLocked: false,
      updateStatus: stale ? 'staleOldObjectId' : unknown ? 'unresolvableToCommit' : 'succeeded',
      success,
    };
  });
  return ok(collection(results));
};

interface PushBody {
  refUpdates: { name: string; oldObjectId: string }[];
  commits: {
    comment?: string;
    parents?: string[];
    changes?: { changeType: string; item: { path: string }; newContent?: { content: string; contentType: string } }[];
  }[];
}

const createPush: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const body = ctx.body as PushBody;
  if (body.refUpdates?.length !== 1) throw adoError(400, 'A push must update exactly one ref.', 'InvalidArgumentValueException');
  const update = body.refUpdates[0]!;
  const current = repo.refs.get(update.name);
  // A ref that does not exist yet is created from `oldObjectId` — the documented way to commit
  // to a new branch (pushes example "saving in a new branch": the new ref's old id is the source
  // branch's tip) — or from nothing with the zero id. An existing ref must still be at `oldObjectId`.
  const startsFromCommit = current === undefined && update.oldObjectId !== ZERO_ID;
  if (startsFromCommit && !repo.commits.has(update.oldObjectId)) {
    throw adoError(400, `TF401035: The object '${update.oldObjectId}' does not exist.`, 'GitObjectDoesNotExistException');
  }
  if (!startsFromCommit && (current ?? ZERO_ID) !== update.oldObjectId) {
    throw adoError(
      409,
      `TF401028: The reference '${update.name}' has already been updated by another client, so you cannot update it. Please try again.`,
      'GitReferenceStaleException',
    );
  }
  let tip = current ?? (startsFromCommit ? update.oldObjectId : null);
  const created = (body.commits ?? []).map((c) => {
    const parents = c.parents ?? (tip ? [tip] : []);
    for (const p of parents) {
      if (!repo.commits.has(p)) throw adoError(400, `TF401035: The object '${p}' does not exist.`, 'GitObjectDoesNotExistException');
    }
    const files = new Map(parents.length ? repo.commits.get(parents[0]!)!.files : []);
    for (const change of c.changes ?? []) applyChange(files, change, parents[0] ?? ZERO_ID);
    const commit = ctx.state.commit(repo, parents, files, c.comment ?? '', ctx.caller);
    tip = commit.commitId;
    return commit;
  });
  if (!tip) throw adoError(400, 'The push contains no commits.', 'InvalidArgumentValueException');
  repo.refs.set(update.name, tip);
  const push = ctx.state.recordPush(repo, update.name, update.oldObjectId, tip, ctx.caller);
  const org = repo.project.organization.name;
  const api = `${ctx.base}/${org}/_apis/git/repositories/${repo.id}`;
  return ok(
    {
      commits: created.map((c) => ({
        treeId: createHash('sha1').update(c.commitId).digest('hex'),
        commitId: c.commitId,
        author: { name: c.author.displayName, email: c.author.uniqueName, date: c.date },
        committer: { name: c.author.displayName, email: c.author.uniqueName, date: c.date },
        comment: c.comment,
        parents: c.parents,
        url: `${api}/commits/${c.commitId}`,
      })),
      refUpdates: [{ repositoryId: repo.id, name: update.name, oldObjectId: update.oldObjectId, newObjectId: tip }],
      pushedBy: identityRef(ctx.base, org, ctx.caller),
      pushId: push.pushId,
      date: push.date,
      url: `${api}/pushes/${push.pushId}`,
    },
    201,
  );
};

function applyChange(files: Map<string, string>, change: NonNullable<PushBody['commits'][number]['changes']>[number], at: string): void {
  const path = change.item.path;
  const exists = files.has(path);
  const type = change.changeType.toLowerCase();
  if (type === 'add' && exists)
    throw adoError(400, `The path '${path}' specified in the add operation already exists. Please specify a new path.`, 'GitPathAlreadyExistsException');
  if ((type === 'edit' || type === 'delete') && !exists)
    throw adoError(400, `TF401174: The item '${path}' could not be found at commit ${at}.`, 'GitItemNotFoundException');
  if (type === 'delete') return void files.delete(path);
  if (type !== 'add' && type !== 'edit') throw adoError(400, `The fake supports add, edit and delete, not ${type}.`, 'InvalidArgumentValueException');
  const { content = '', contentType = 'rawText' } = change.newContent ?? {};
  files.set(path, contentType.toLowerCase() === 'base64encoded' ? Buffer.from(content, 'base64').toString('utf8') : content);
}

const getItem: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const path = ctx.query.get('path')!;
  const version = ctx.query.get('versionDescriptor.version');
  const type = ctx.query.get('versionDescriptor.versionType') ?? 'branch';
  const commitId = type === 'commit' ? version : repo.refs.get(version ? `refs/${type === 'tag' ? 'tags' : 'heads'}/${version}` : repo.defaultBranch);
  const content = commitId ? repo.commits.get(commitId)?.files.get(path) : undefined;
  if (content === undefined) {
    throw adoError(
      404,
      `TF401174: The item '${path}' could not be found in the repository '${repo.name}' at the version specified by '${version ?? 'default branch'}'.`,
      'GitItemNotFoundException',
    );
  }
  return ok({
    objectId: createHash('sha1').update(content).digest('hex'),
    gitObjectType: 'blob',
    commitId,
    path,
    ...(ctx.query.get('includeContent') === 'true' ? { content } : {}),
    url: `${ctx.base}/${repo.project.organization.name}/_apis/git/repositories/${repo.id}/items?path=${encodeURIComponent(path)}`,
  });
};

export const gitHandlers: Record<string, Handler> = {
  Profiles_Get: profile,
  [CONNECTION_DATA]: connectionData,
  'Identities_Read Identities': identities,
  Repositories_List: listRepositories,
  'Repositories_Get Repository': getRepository,
  Refs_List: listRefs,
  'Refs_Update Refs': updateRefs,
  Pushes_Create: createPush,
  Items_Get: getItem,
};
