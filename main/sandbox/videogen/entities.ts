// Entities (actors, products, visual styles) with reference images: create, list (most recently
// updated first, optional type filter), get, update, archive, add / remove references. All keys
// of the sandbox are one team, so every key sees every entity (like files).
import { requirePrincipal, type RequestContext } from '../context';
import { VideoGenError, invalidId, invalidParameters, notFound } from '../errors';
import type { RouteDef } from '../router';
import { SortedIndex, type SortKey } from '../sorted-index';
import type { StateStore } from '../state';
import { pageParams } from './pagination';
import type { VideoGenService } from './service';
import { AddEntityReferenceRequest, CreateEntityRequest, ENTITY_TYPES, RemoveEntityReferenceRequest, UpdateEntityRequest, type EntityType } from './studio/schemas';
import { resolveFile } from './tools/references';
import { parseBody } from './validation';

export const ENTITY_PREFIX = 'vg_enti_';

export interface EntityReference {
  fileId: string;
  description: string;
  isDefault: boolean;
}

export interface EntityRecord {
  entityId: string;
  entityType: EntityType;
  name: string;
  description: string;
  references: EntityReference[];
  createdAt: number;
  /** Position in "most recently updated first"; `at` is updatedAt. */
  sortKey: SortKey;
  archivedAt: number | null;
  creatorKeyIndex: number;
}

export class EntityStore {
  private readonly byId = new Map<string, EntityRecord>();
  private readonly listed = new SortedIndex<EntityRecord>();
  private seq = 0;

  constructor(private readonly state: StateStore) {}

  restore(records: EntityRecord[]): void {
    for (const r of records) {
      this.byId.set(r.entityId, r);
      if (r.archivedAt === null) this.listed.insert(r.sortKey, r);
      this.seq = Math.max(this.seq, r.sortKey.seq);
    }
  }

  get(id: string): EntityRecord | undefined {
    return this.byId.get(id);
  }

  create(fields: Omit<EntityRecord, 'sortKey' | 'archivedAt' | 'references'>): EntityRecord {
    const record: EntityRecord = { ...fields, references: [], archivedAt: null, sortKey: { at: fields.createdAt, seq: ++this.seq } };
    this.byId.set(record.entityId, record);
    this.listed.insert(record.sortKey, record);
    this.state.put('entity', record.entityId, record);
    return record;
  }

  /** Records a change at `now` (moves it to the front of the list) and persists it. */
  touch(record: EntityRecord, now: number): void {
    const listed = this.listed.remove(record.sortKey);
    record.sortKey = { at: now, seq: ++this.seq };
    if (listed && record.archivedAt === null) this.listed.insert(record.sortKey, record);
    this.state.put('entity', record.entityId, record);
  }

  archive(record: EntityRecord, now: number): void {
    if (record.archivedAt !== null) return;
    this.listed.remove(record.sortKey);
    record.archivedAt = now;
    this.touch(record, now);
  }

  page(type: EntityType | null, after: SortKey | null, limit: number): { items: EntityRecord[]; hasMore: boolean } {
    const items: EntityRecord[] = [];
    for (const { value } of this.listed.descending(after)) {
      if (type !== null && value.entityType !== type) continue;
      items.push(value);
      if (items.length > limit) break;
    }
    const hasMore = items.length > limit;
    return { items: hasMore ? items.slice(0, limit) : items, hasMore };
  }
}

export function entityJson(e: EntityRecord): Record<string, unknown> {
  return {
    entityId: e.entityId,
    entityType: e.entityType,
    name: e.name,
    description: e.description,
    // Entities made through the API have no voice or presenter configured (the API cannot set them).
    actorConfig: e.entityType === 'ACTOR' ? { voiceDisplayName: null, hasVoice: false, hasAvatarPresenter: false } : null,
    references: e.references.map((r) => ({ fileId: r.fileId, description: r.description, isDefault: r.isDefault })),
    createdAt: new Date(e.createdAt).toISOString(),
    updatedAt: new Date(e.sortKey.at).toISOString(),
  };
}

/**
 * An entity named in a workflow body: malformed → 400, unknown → 404, archived or of the wrong
 * type → 400, each naming the field.
 */
export function usableEntity(vg: VideoGenService, field: string, id: string, expected: EntityType): EntityRecord {
  if (!id.startsWith(ENTITY_PREFIX)) throw invalidParameters(field, `"${id}" is not an entity id (expected "${ENTITY_PREFIX}…")`);
  const e = vg.entities.get(id);
  if (!e) throw new VideoGenError(404, `Invalid parameters. ${field}: no entity found with id "${id}".`);
  if (e.archivedAt !== null) throw invalidParameters(field, `entity "${id}" is archived and cannot be attached to new workflows`);
  if (e.entityType !== expected) throw invalidParameters(field, `entity "${id}" is ${e.entityType}, expected ${expected}`);
  return e;
}

/** The primary reference image of an entity, if it has one. */
export function defaultReference(e: EntityRecord): string | null {
  return (e.references.find((r) => r.isDefault) ?? e.references[0])?.fileId ?? null;
}

export function entityRoutes(vg: VideoGenService): RouteDef[] {
  const find = (ctx: RequestContext): EntityRecord => {
    const id = ctx.params.entityId!;
    if (!id.startsWith(ENTITY_PREFIX)) throw invalidId('entity', id, ENTITY_PREFIX);
    const e = vg.entities.get(id);
    if (!e) throw notFound('entity', id);
    return e;
  };
  const reply = (e: EntityRecord) => ({ status: 200, body: entityJson(e) });

  return [
    {
      method: 'GET',
      template: '/v1/entities',
      family: 'videogen',
      rateBucket: 'entities.read',
      handler: (ctx) => {
        const rawType = ctx.query.get('entityType');
        if (rawType !== null && !(ENTITY_TYPES as readonly string[]).includes(rawType)) {
          throw invalidParameters('entityType', `must be one of ${ENTITY_TYPES.join(', ')}, got "${rawType}"`);
        }
        const type = rawType as EntityType | null;
        // The filter is part of the cursor's endpoint binding, so a cursor cannot switch lists.
        const endpoint = `entities:${type ?? ''}`;
        const params = pageParams(ctx, vg.env, endpoint);
        const after = params.cursor ? { at: Number(params.cursor[0]), seq: Number(params.cursor[1]) } : null;
        const page = vg.entities.page(type, after, params.limit);
        const last = page.items[page.items.length - 1];
        return {
          status: 200,
          body: {
            entities: page.items.map(entityJson),
            hasMore: page.hasMore,
            nextCursor: page.hasMore && last ? vg.env.cursors.encode(endpoint, [last.sortKey.at, last.sortKey.seq]) : null,
          },
        };
      },
    },
    {
      method: 'POST',
      template: '/v1/entities',
      family: 'videogen',
      rateBucket: 'entities.write',
      handler: async (ctx) => {
        const body = parseBody(CreateEntityRequest, await ctx.json());
        if (!body.name.trim()) throw invalidParameters('name', 'must not be blank');
        const e = vg.entities.create({
          entityId: vg.env.ids.entity(),
          entityType: body.entityType,
          name: body.name,
          description: body.description ?? '',
          createdAt: ctx.now,
          creatorKeyIndex: requirePrincipal(ctx).keyIndex,
        });
        return reply(e);
      },
    },
    { method: 'GET', template: '/v1/entities/{entityId}', family: 'videogen', rateBucket: 'entities.read', handler: (ctx) => reply(find(ctx)) },
    {
      method: 'POST',
      template: '/v1/entities/{entityId}/update',
      family: 'videogen',
      rateBucket: 'entities.write',
      handler: async (ctx) => {
        const e = find(ctx);
        const body = parseBody(UpdateEntityRequest, await ctx.json());
        const name = body.name ?? undefined;
        const description = body.description ?? undefined;
        if (name === undefined && description === undefined) throw invalidParameters('name', 'provide at least one of name or description');
        if (name !== undefined && !name.trim()) throw invalidParameters('name', 'must not be blank');
        if (name !== undefined) e.name = name;
        if (description !== undefined) e.description = description;
        vg.entities.touch(e, ctx.now);
        return reply(e);
      },
    },
    {
      method: 'POST',
      template: '/v1/entities/{entityId}/archive',
      family: 'videogen',
      rateBucket: 'entities.write',
      handler: (ctx) => {
        const e = find(ctx);
        vg.entities.archive(e, ctx.now);
        return { status: 200, body: { entityId: e.entityId, archived: true } };
      },
    },
    {
      method: 'POST',
      template: '/v1/entities/{entityId}/references',
      family: 'videogen',
      rateBucket: 'entities.write',
      handler: async (ctx) => {
        const e = find(ctx);
        const body = parseBody(AddEntityReferenceRequest, await ctx.json());
        resolveFile({ files: vg.files, now: ctx.now, processingMs: vg.env.options.processingMs }, 'fileId', body.fileId, 'IMAGE');
        const existing = e.references.find((r) => r.fileId === body.fileId);
        // Adding a file that is already a reference updates it rather than listing it twice.
        const ref = existing ?? { fileId: body.fileId, description: '', isDefault: false };
        if (body.description !== undefined) ref.description = body.description;
        if (!existing) e.references.push(ref);
        if (body.isDefault) for (const r of e.references) r.isDefault = r === ref;
        if (!e.references.some((r) => r.isDefault)) e.references[0]!.isDefault = true;
        vg.entities.touch(e, ctx.now);
        return reply(e);
      },
    },
    {
      method: 'POST',
      template: '/v1/entities/{entityId}/references/remove',
      family: 'videogen',
      rateBucket: 'entities.write',
      handler: async (ctx) => {
        const e = find(ctx);
        const body = parseBody(RemoveEntityReferenceRequest, await ctx.json());
        const at = e.references.findIndex((r) => r.fileId === body.fileId);
        if (at < 0) throw invalidParameters('fileId', `"${body.fileId}" is not a reference of entity "${e.entityId}"`);
        const [removed] = e.references.splice(at, 1);
        if (removed?.isDefault && e.references[0]) e.references[0].isDefault = true;
        vg.entities.touch(e, ctx.now);
        return reply(e);
      },
    },
  ];
}
