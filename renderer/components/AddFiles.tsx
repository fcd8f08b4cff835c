import { useEffect, useRef } from 'react';
import { Icon } from './Icon';
import { collectDrop, type DropSnapshot } from '../lib/files';
import { uploadFiles } from '../lib/upload';
import { api } from '../transport/client';
import { showView, toast, toastError } from '../state/ui';

/** Start uploads and say so; failures are listed, not swallowed. `paths`: items main reads (and walks) itself. */
export async function startUploads(files: File[], paths: readonly string[] = [], opts: { temporary?: boolean } = {}): Promise<string[]> {
  if (!files.length && !paths.length) return [];
  try {
    const res = await uploadFiles(files, paths, opts);
    const n = res.uploadIds.length;
    if (n) {
      // Said as soon as the host has written them down (their bytes may still be on the way).
      toast({
        kind: 'info',
        title: `${n === 1 ? `Queued ${files.length === 1 && !paths.length ? files[0]!.name : '1 file'}` : `Queued ${n.toLocaleString('en-US')} files`}${opts.temporary ? ' (temporary)' : ''}`,
        action: { label: 'View', run: () => showView('activity') },
      });
    }
    reportFailed(res.failed);
    void res.sending.then(reportFailed);
    return res.uploadIds;
  } catch (err) {
    toastError('Upload', err);
    return [];
  }
}

/** Files that could not be queued or sent: the name once, then what is wrong. */
function reportFailed(failed: ReadonlyArray<{ name: string; reason: string }>): void {
  if (!failed.length) return;
  const first = failed[0]!;
  toast({
    kind: 'error',
    title: failed.length === 1 ? `Could not upload ${first.name}` : `${failed.length.toLocaleString('en-US')} files could not be uploaded`,
    body: failed.length === 1 ? first.reason : failed.map((f) => `${f.name}: ${f.reason}`).slice(0, 4).join('\n'),
  });
}

/** A drop: by path what the host has on disk (main walks its folders), the rest by bytes. */
export async function uploadDrop(snap: DropSnapshot, opts: { temporary?: boolean } = {}): Promise<string[]> {
  const client = api();
  const { paths, files } = await collectDrop(snap, (f) => client.pathForFile(f));
  return startUploads(files, paths, opts);
}

/** The app's one pair of hidden file inputs (files, folder); every "Add files" button opens them. */
const pickers: { files: HTMLInputElement | null; folder: HTMLInputElement | null } = { files: null, folder: null };

export function pickFiles(kind: 'files' | 'folder'): void {
  pickers[kind]?.click();
}

export function FilePickers() {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  useEffect(() => {
    pickers.files = files.current;
    pickers.folder = folder.current;
    return () => {
      pickers.files = null;
      pickers.folder = null;
    };
  }, []);
  const onPick = (input: HTMLInputElement) => {
    if (!input.files) return;
    const list = Array.from(input.files).filter((f) => !f.name.startsWith('.'));
    input.value = '';
    void startUploads(list);
  };
  return (
    <>
      <input ref={files} type="file" multiple hidden data-testid="add-files-input" tabIndex={-1} aria-hidden="true" onChange={(e) => onPick(e.currentTarget)} />
      <input
        ref={folder}
        type="file"
        multiple
        hidden
        data-testid="add-folder-input"
        tabIndex={-1}
        aria-hidden="true"
        {...{ webkitdirectory: '', directory: '' }}
        onChange={(e) => onPick(e.currentTarget)}
      />
    </>
  );
}

export function AddFilesButton() {
  return (
    <div className="split-button">
      <button type="button" className="btn btn-primary" onClick={() => pickFiles('files')}>
        <Icon name="upload" />
        Add files
      </button>
      <button type="button" className="btn btn-primary btn-icon" aria-label="Add folder" title="Add a folder" onClick={() => pickFiles('folder')}>
        <Icon name="folder" />
      </button>
    </div>
  );
}
