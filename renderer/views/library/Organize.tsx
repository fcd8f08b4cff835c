/**
 * The inspector's organizing controls, for one file or a selection: a rating (radio group
 * "Rating", "1 star" … "5 stars"), tags with autocomplete from tags already in use, and
 * "Add to collection". All local to this computer, so they work offline.
 */
import { useEffect, useId, useState } from 'react';
import type { TagCount } from '../../../main/contract';
import { Icon } from '../../components/Icon';
import { useLibrary } from '../../state/library';
import { ADD_TO_COLLECTION_ID, addToCollection, rateFiles, removeFromCollection, tagFiles, tagSuggestions, useOrganize } from '../../state/organize';

type Ids = () => Promise<string[]>;

export function RatingField({ ids, rating }: { ids: Ids; rating: number }) {
  const name = useId();
  // Shown at once; the store's change event confirms it.
  const [shown, setShown] = useState(rating);
  const [prev, setPrev] = useState(rating);
  if (prev !== rating) {
    setPrev(rating);
    setShown(rating);
  }
  const rate = async (n: number) => {
    setShown(n);
    await rateFiles(await ids(), n);
  };
  return (
    <div className="organize-row">
      <span className="organize-label" id={`${name}-label`}>
        Rating
      </span>
      <div className="stars" role="radiogroup" aria-labelledby={`${name}-label`}>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={`star${n <= shown ? ' is-on' : ''}`} title={`${n} ${n === 1 ? 'star' : 'stars'} (key ${n})`}>
            <input type="radio" name={name} className="star-input" checked={shown === n} onChange={() => void rate(n)} aria-label={`${n} ${n === 1 ? 'star' : 'stars'}`} />
            <Icon name="star" size={16} />
          </label>
        ))}
      </div>
      {shown > 0 ? (
        <button type="button" className="btn btn-ghost btn-xs" onClick={() => void rate(0)} title="Clear rating (key 0)">
          Clear rating
        </button>
      ) : null}
    </div>
  );
}

export function TagsField({ ids, tags }: { ids: Ids; tags: readonly string[] | null }) {
  const id = useId();
  const [text, setText] = useState('');
  const [suggestions, setSuggestions] = useState<TagCount[]>([]);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      void tagSuggestions(text.trim()).then((s) => live && setSuggestions(s.filter((x) => !tags?.some((have) => have.toLowerCase() === x.tag.toLowerCase()))));
    }, 60);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [text, tags]);
  const add = async () => {
    const words = text
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
    if (!words.length) return;
    if (await tagFiles(await ids(), words)) setText('');
  };
  return (
    <div className="organize-row organize-tags">
      <label className="organize-label" htmlFor={`${id}-input`}>
        Tags
      </label>
      <div className="tag-box">
        {tags?.length ? (
          <ul className="tag-list" aria-label="Tags on this file">
            {tags.map((t) => (
              <li key={t} className="tag-chip">
                <span>{t}</span>
                <button type="button" className="tag-remove" aria-label={`Remove tag ${t}`} onClick={async () => void tagFiles(await ids(), [], [t])}>
                  <Icon name="close" size={10} />
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <input
          id={`${id}-input`}
          className="input input-sm"
          list={`${id}-list`}
          placeholder={tags ? 'Add a tag' : 'Add a tag to every selected file'}
          autoComplete="off"
          maxLength={60}
          value={text}
          aria-describedby={`${id}-help`}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void add();
            }
          }}
        />
        <datalist id={`${id}-list`}>
          {suggestions.map((s) => (
            <option key={s.tag} value={s.tag}>{`${s.tag} (${s.count})`}</option>
          ))}
        </datalist>
        <p className="field-help visually-hidden" id={`${id}-help`}>
          Enter adds it; commas add several. Tags you have used are suggested.
        </p>
      </div>
    </div>
  );
}

export function AddToCollection({ ids }: { ids: Ids }) {
  const all = useOrganize((s) => s.collections);
  const collections = all.filter((c) => !c.smart);
  const current = useLibrary((s) => s.filter.collectionId);
  const inCurrent = collections.find((c) => c.id === current);
  return (
    <div className="organize-row">
      <label className="organize-label" htmlFor={ADD_TO_COLLECTION_ID}>
        Add to collection
      </label>
      <select
        id={ADD_TO_COLLECTION_ID}
        className="select select-sm"
        value=""
        aria-keyshortcuts="C"
        onChange={async (e) => {
          const cid = Number(e.target.value);
          if (cid) await addToCollection(cid, await ids());
        }}
      >
        <option value="">{collections.length ? 'Choose a collection…' : 'No collections yet'}</option>
        {collections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      {inCurrent ? (
        <button type="button" className="btn btn-ghost btn-xs" onClick={async () => void removeFromCollection(inCurrent.id, await ids())}>
          {`Remove from “${inCurrent.name}”`}
        </button>
      ) : null}
    </div>
  );
}
