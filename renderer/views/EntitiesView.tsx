/**
 * Actors & styles (VideoGen entities): create an actor, product or visual style, attach
 * reference images from the library, rename, archive. They are picked in the Script form
 * (visual style) and in storyboard scenes (actor, visual style).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { EntityView } from '../../main/contract';
import { ENTITY_TYPES, entityTypeLabel, type EntityType } from '../../main/contract/studio-catalog';
import { FileChip } from '../components/FileChip';
import { Icon } from '../components/Icon';
import { TopBar } from '../components/Shell';
import { confirmDialog, toast, toastError } from '../state/ui';
import { dropEntity, loadEntities, replaceEntity, useStudio } from '../state/studio';
import { api } from '../transport/client';
import { Labeled, Select } from './studio/bits';
import { FilePicker } from './generate/FilePicker';

export function EntitiesView() {
  const entities = useStudio((s) => s.entities);
  const loaded = useStudio((s) => s.entitiesLoaded);
  const [type, setType] = useState<EntityType>('ACTOR');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void loadEntities();
  }, []);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give it a name.');
    setBusy(true);
    setError(null);
    try {
      const made = await api().invoke('entities.create', { entityType: type, name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) });
      replaceEntity(made);
      setName('');
      setDescription('');
      toast({ kind: 'success', title: `${entityTypeLabel[type]} “${made.name}” created`, body: 'Add reference images so it looks the same in every scene.' });
    } catch (err) {
      setError((err as { message?: string }).message ?? String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="view view-entities">
      <TopBar title="Actors & styles" />
      <div className="entities-layout">
        <form className="tool-form entity-create" onSubmit={(e) => void create(e)} aria-labelledby="entity-create-title" noValidate>
          <h2 id="entity-create-title" className="section-title">
            Create
          </h2>
          <div className="form-grid">
            <Select label="Kind" value={type} options={ENTITY_TYPES.map((t) => ({ value: t, label: entityTypeLabel[t] }))} onChange={setType} />
            <Labeled label="Name">{(id) => <input id={id} className="input" value={name} onChange={(e) => setName(e.target.value)} />}</Labeled>
            <Labeled label="Description" optional wide>
              {(id) => <input id={id} className="input" value={description} onChange={(e) => setDescription(e.target.value)} />}
            </Labeled>
          </div>
          {error ? (
            <div className="form-error" role="alert">
              {error}
            </div>
          ) : null}
          <footer className="form-footer">
            <span className="form-footer-spacer" />
            <button type="submit" className="btn btn-primary" disabled={busy}>
              <Icon name="plus" />
              Create
            </button>
          </footer>
        </form>
        <section aria-labelledby="entity-list-title" className="entity-section">
          <h2 id="entity-list-title" className="section-title">
            Yours
          </h2>
          {loaded && entities.length === 0 ? <p className="muted">None yet. Create an actor, a product or a visual style above.</p> : null}
          <ul className="entity-list">
            {entities.map((e) => (
              <EntityCard key={e.entityId} e={e} />
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}

function EntityCard({ e }: { e: EntityView }) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(e.name);
  const [picking, setPicking] = useState(false);
  const titleId = `entity-${e.entityId}`;
  const rename = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!name.trim()) return;
    try {
      replaceEntity(await api().invoke('entities.update', { entityId: e.entityId, name: name.trim() }));
      setRenaming(false);
    } catch (err) {
      toastError('Rename', err);
    }
  };
  const archive = async () => {
    const ok = await confirmDialog({ title: `Archive “${e.name}”?`, body: 'It leaves this list and can no longer be used in new videos. Videos already made keep it.', confirmLabel: 'Archive', danger: true });
    if (!ok) return;
    try {
      await api().invoke('entities.archive', { entityId: e.entityId });
      dropEntity(e.entityId);
    } catch (err) {
      toastError('Archive', err);
    }
  };
  const addReferences = async (ids: string[]) => {
    setPicking(false);
    let latest = e;
    try {
      for (const [i, fileId] of ids.entries()) {
        latest = await api().invoke('entities.addReference', { entityId: e.entityId, fileId, ...(e.references.length === 0 && i === 0 ? { isDefault: true } : {}) });
      }
      replaceEntity(latest);
    } catch (err) {
      toastError('Add reference image', err);
    }
  };
  return (
    <li className="entity" aria-labelledby={titleId}>
      <div className="entity-head">
        {renaming ? (
          <form className="entity-rename" onSubmit={(ev) => void rename(ev)}>
            <Labeled label="New name">{(id) => <input id={id} className="input" value={name} autoFocus onChange={(ev) => setName(ev.target.value)} />}</Labeled>
            <button type="submit" className="btn btn-sm btn-primary">
              Save
            </button>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <h3 className="entity-name" id={titleId}>
            {e.name}
          </h3>
        )}
        <span className="badge">{entityTypeLabel[e.entityType]}</span>
      </div>
      {e.description ? <p className="muted small">{e.description}</p> : null}
      <div className="dropzone-chips">
        {e.references.map((r) => (
          <FileChip key={r.fileId} fileId={r.fileId} />
        ))}
        {e.references.length === 0 ? <span className="muted small">No reference images yet</span> : null}
      </div>
      <div className="entity-actions">
        <button type="button" className="btn btn-sm" onClick={() => setPicking(true)}>
          <Icon name="image" />
          Add reference images
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setRenaming(true)} disabled={renaming}>
          Rename
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => void archive()}>
          <Icon name="archive" />
          Archive
        </button>
      </div>
      {picking ? (
        <FilePicker accept={['IMAGE']} max={10} already={e.references.map((r) => r.fileId)} title={`Reference images for ${e.name}`} onPick={(ids) => void addReferences(ids)} onClose={() => setPicking(false)} />
      ) : null}
    </li>
  );
}
