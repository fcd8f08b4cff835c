/** A small inline icon set (stroke icons, 16 px grid, currentColor). No icon font, no runtime. */
const PATHS = {
  library: 'M3 3h4v4H3zM9 3h4v4H9zM3 9h4v4H3zM9 9h4v4H9z',
  generate: 'M8 1.5l1.6 3.9 3.9 1.6-3.9 1.6L8 12.5 6.4 8.6 2.5 7l3.9-1.6zM13 11l.6 1.4 1.4.6-1.4.6L13 15l-.6-1.4-1.4-.6 1.4-.6z',
  activity: 'M1.5 8h3l2-5 3 10 2-5h3',
  settings:
    'M8 5.5A2.5 2.5 0 1 0 8 10.5 2.5 2.5 0 1 0 8 5.5zM13.3 9.6l1.2.9-1.3 2.3-1.4-.5a5 5 0 0 1-1.4.8L10.2 14.6H7.6l-.3-1.5a5 5 0 0 1-1.4-.8l-1.4.5-1.3-2.3 1.2-.9a5 5 0 0 1 0-1.6l-1.2-.9 1.3-2.3 1.4.5a5 5 0 0 1 1.4-.8l.3-1.5h2.6l.3 1.5a5 5 0 0 1 1.4.8l1.4-.5 1.3 2.3-1.2.9a5 5 0 0 1 0 1.6z',
  search: 'M7 2.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 1 0 0-9zM10.3 10.3L14 14',
  plus: 'M8 3v10M3 8h10',
  upload: 'M8 11V2.5M4.5 6L8 2.5 11.5 6M2.5 11v2.5h11V11',
  folder: 'M1.5 4v8.5h13V5.5H8L6.5 4z',
  grid: 'M2.5 2.5h4.5v4.5H2.5zM9 2.5h4.5v4.5H9zM2.5 9h4.5v4.5H2.5zM9 9h4.5v4.5H9z',
  list: 'M5 4h9M5 8h9M5 12h9M2 4h.5M2 8h.5M2 12h.5',
  image: 'M2 3h12v10H2zM2 11l3.5-3.5 3 3 2-2L14 12M10.5 6.2a.7.7 0 1 0 0 .1',
  video: 'M2 4h8.5v8H2zM10.5 7l3.5-2v6l-3.5-2',
  audio: 'M6 12V3.5l7-1.5V10.5M6 12a2 2 0 1 1-4 0 2 2 0 1 1 4 0zM13 10.5a2 2 0 1 1-4 0 2 2 0 1 1 4 0',
  file: 'M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3',
  close: 'M4 4l8 8M12 4l-8 8',
  check: 'M3 8.5l3 3 7-7',
  download: 'M8 2.5V11M4.5 7.5L8 11l3.5-3.5M2.5 13.5h11',
  reveal: 'M1.5 4v8.5h13V5.5H8L6.5 4zM8 8h4M10.5 6.5L12 8l-1.5 1.5',
  archive: 'M2 3h12v3H2zM3 6v7.5h10V6M6.5 8.5h3',
  pin: 'M6 2h4l-.5 4 2.5 2v1.5H4V8l2.5-2zM8 9.5V14',
  link: 'M6.5 9.5l3-3M7 4.5l1-1a2.8 2.8 0 0 1 4 4l-1 1M9 11.5l-1 1a2.8 2.8 0 0 1-4-4l1-1',
  copy: 'M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3',
  reuse: 'M13 8a5 5 0 1 1-1.5-3.5M13 2.5v3h-3',
  play: 'M5 3l8 5-8 5z',
  cancel: 'M8 2a6 6 0 1 0 0 12A6 6 0 1 0 8 2zM5.5 5.5l5 5M10.5 5.5l-5 5',
  retry: 'M2.5 8a5.5 5.5 0 0 0 10 3M13.5 8a5.5 5.5 0 0 0-10-3M3 2v3h3M13 14v-3h-3',
  offline: 'M2 2l12 12M5 9.5a4 4 0 0 1 2-1M3 7a7 7 0 0 1 2.5-1.6M10.5 7.1A7 7 0 0 1 13 9M8 12.5h.01',
  online: 'M3 7a7 7 0 0 1 10 0M5 9.5a4 4 0 0 1 6 0M8 12.5h.01',
  warning: 'M8 2l6.5 11.5h-13zM8 6.5v3.5M8 12h.01',
  chevronDown: 'M4 6l4 4 4-4',
  chevronRight: 'M6 4l4 4-4 4',
  'chevron-down': 'M4 6l4 4 4-4',
  'chevron-up': 'M4 10l4-4 4 4',
  sort: 'M5 3v10M2.5 10.5L5 13l2.5-2.5M11 13V3M8.5 5.5L11 3l2.5 2.5',
  filter: 'M2 3h12l-4.5 5.5V13l-3-1.5v-3z',
  sparkle: 'M8 2l1.3 3.7L13 7l-3.7 1.3L8 12l-1.3-3.7L3 7l3.7-1.3z',
  key: 'M10 2.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 1 0 0-7zM7.5 8.5L2 14M4 12l1.5 1.5M5.5 10.5L7 12',
  eye: 'M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8zM8 6a2 2 0 1 0 0 4 2 2 0 1 0 0-4z',
  edit: 'M10.5 2.5l3 3-8 8H2.5v-3zM9 4l3 3',
  star: 'M8 1.8l1.9 3.9 4.3.6-3.1 3 .7 4.3L8 11.6l-3.8 2 .7-4.3-3.1-3 4.3-.6z',
  tag: 'M2 2.5h5.5l6.5 6.5-5 5L2.5 7.5zM5 5h.01',
  collection: 'M2 5h12v8.5H2zM3.5 3h9M5 1.5h6',
  drag: 'M6 3.5h.01M10 3.5h.01M6 8h.01M10 8h.01M6 12.5h.01M10 12.5h.01',
  'to-top': 'M3 2.5h10M8 14V5.5M4.5 9L8 5.5 11.5 9',
  lipsync: 'M2.5 8c1.5-2.5 3.5-3.5 5.5-3.5s4 1 5.5 3.5c-1.5 2.5-3.5 3.5-5.5 3.5S4 10.5 2.5 8zM2.5 8h11',
  avatar: 'M8 2.5a3 3 0 1 0 0 6 3 3 0 1 0 0-6zM2.5 14c.8-2.7 3-4 5.5-4s4.7 1.3 5.5 4',
  external: 'M9.5 2.5h4v4M13.5 2.5L8 8M12 9.5v4H2.5V4h4',
  keyboard: 'M1.5 4h13v8h-13zM4 6.5h.01M6.5 6.5h.01M9 6.5h.01M11.5 6.5h.01M4.5 9.5h7',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

export function typeIcon(type: string | null): IconName {
  switch (type) {
    case 'IMAGE':
      return 'image';
    case 'VIDEO':
      return 'video';
    case 'AUDIO':
      return 'audio';
    default:
      return 'file';
  }
}
