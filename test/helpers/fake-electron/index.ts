/**
 * A stand-in for the `electron` module, for host tests under plain Node (the real module
 * would try to download a binary). It implements only what main/electron/ and preload/ use,
 * and records what they do so tests can assert on it.
 *
 *   vi.mock('electron', async () => (await import('../../helpers/fake-electron')).electronModule());
 *   import { fake } from '../../helpers/fake-electron';
 *   beforeEach(() => fake.reset());
 */
import { EventEmitter } from 'node:events';

// ---------------------------------------------------------------------------------------
// Events with preventDefault (Electron's Event<Params>)
// ---------------------------------------------------------------------------------------

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
  [key: string]: unknown;
}

export function fakeEvent(params: Record<string, unknown> = {}): FakeEvent {
  const e = {
    ...params,
    defaultPrevented: false,
    preventDefault() {
      e.defaultPrevented = true;
    },
  };
  return e;
}

// ---------------------------------------------------------------------------------------
// Frames, web contents, windows
// ---------------------------------------------------------------------------------------

let nextFrameId = 1;

class FakeFrameClass {
  readonly processId: number;
  readonly routingId: number;
  constructor(
    public url: string,
    ids?: { processId: number; routingId: number },
  ) {
    this.processId = ids?.processId ?? 1;
    this.routingId = ids?.routingId ?? nextFrameId++;
  }
}

export interface DragItem {
  file: string;
  icon: FakeImageClass;
}

class FakeWebContentsClass extends EventEmitter {
  mainFrame: FakeFrameClass;
  windowOpenHandler: ((d: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  sent: Array<{ channel: string; args: unknown[] }> = [];
  drags: DragItem[] = [];
  url: string;
  constructor(url = 'atelier://app/index.html') {
    super();
    this.url = url;
    this.mainFrame = new FakeFrameClass(url);
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = h;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  startDrag(item: DragItem): void {
    this.drags.push(item);
  }
  getURL(): string {
    return this.url;
  }
}

class FakeBrowserWindowClass extends EventEmitter {
  static instances: FakeBrowserWindowClass[] = [];
  readonly options: Record<string, unknown>;
  readonly webContents = new FakeWebContentsClass();
  loadedUrl: string | null = null;
  destroyed = false;
  maximized = false;
  minimized = false;
  shown = false;
  focused = false;
  bounds = { x: 10, y: 20, width: 1000, height: 700 };
  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    FakeBrowserWindowClass.instances.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

// ---------------------------------------------------------------------------------------
// ipcMain / ipcRenderer
// ---------------------------------------------------------------------------------------

export interface FakeIpcEvent {
  sender: FakeWebContentsClass;
  senderFrame: FakeFrameClass | null;
}

class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, (event: FakeIpcEvent, ...args: unknown[]) => unknown>();
  handle(channel: string, fn: (event: FakeIpcEvent, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test helper: what ipcRenderer.invoke from `event`'s frame would get back. */
  async invokeFrom(event: FakeIpcEvent, channel: string, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h(event, ...args);
  }
  /** Test helper: ipcRenderer.send from `event`'s frame. */
  sendFrom(event: FakeIpcEvent, channel: string, ...args: unknown[]): void {
    this.emit(channel, event, ...args);
  }
}

class FakeIpcRenderer extends EventEmitter {
  invoked: Array<{ channel: string; args: unknown[] }> = [];
  sentMessages: Array<{ channel: string; args: unknown[] }> = [];
  /** What main answers to invoke (tests replace it). */
  reply: (channel: string, ...args: unknown[]) => unknown = () => undefined;
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.reply(channel, ...args);
  }
  send(channel: string, ...args: unknown[]): void {
    this.sentMessages.push({ channel, args });
  }
  /** Test helper: main sends an event to this page. */
  deliver(channel: string, ...args: unknown[]): void {
    this.emit(channel, { sender: this }, ...args);
  }
}

// ---------------------------------------------------------------------------------------
// Sessions, protocol, permissions
// ---------------------------------------------------------------------------------------

type Handler = (request: Request) => Promise<Response> | Response;

class FakeProtocol {
  privileged: Array<{ scheme: string; privileges?: Record<string, boolean> }> = [];
  handlers = new Map<string, Handler>();
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: Handler): void {
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
}

type PermissionRequestHandler = (
  wc: FakeWebContentsClass,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string },
) => void;
type PermissionCheckHandler = (wc: FakeWebContentsClass | null, permission: string, origin: string, details: unknown) => boolean;

class FakeSession {
  protocol = new FakeProtocol();
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  setPermissionRequestHandler(h: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: ((details: unknown) => boolean) | null): void {
    this.devicePermissionHandler = h;
  }
  /** Test helper: resolve what a permission request gets. */
  request(wc: FakeWebContentsClass, permission: string, requestingUrl: string): Promise<boolean> {
    return new Promise((resolve) => {
      if (!this.permissionRequestHandler) return resolve(true); // Electron's default: grant
      this.permissionRequestHandler(wc, permission, resolve, { requestingUrl });
    });
  }
}

// ---------------------------------------------------------------------------------------
// Images, notifications, menus, theme, safeStorage
// ---------------------------------------------------------------------------------------

class FakeImageClass {
  constructor(
    readonly source: string,
    readonly empty = false,
    readonly width?: number,
  ) {}
  isEmpty(): boolean {
    return this.empty;
  }
  resize(opts: { width?: number }): FakeImageClass {
    return new FakeImageClass(this.source, this.empty, opts.width);
  }
}

class FakeNotificationClass extends EventEmitter {
  static instances: FakeNotificationClass[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotificationClass.supported;
  }
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    FakeNotificationClass.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

// ---------------------------------------------------------------------------------------
// The module
// ---------------------------------------------------------------------------------------

class FakeState {
  app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    paths: new Map<string, string>([['userData', '/tmp/atelier-fake-userdata']]),
    singleInstance: true,
    quitCalled: 0,
    exitCode: null as number | null,
    sandboxEnabled: false,
    readyResolve: null as null | (() => void),
    readyPromise: null as null | Promise<void>,
  });
  ipcMain = new FakeIpcMain();
  ipcRenderer = new FakeIpcRenderer();
  protocol = new FakeProtocol();
  defaultSession = new FakeSession();
  opened: string[] = [];
  exposed = new Map<string, unknown>();
  menuTemplate: unknown[] | null = null;
  nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };
  displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
  storage = { available: true, backend: 'gnome_libsecret' as StorageBackend };
  droppedFilePaths = new WeakMap<object, string>();
  errorBoxes: Array<{ title: string; content: string }> = [];
  revealed: string[] = [];
  messageBoxes: Array<{ title?: string; message: string; buttons?: string[] }> = [];
  /** Index of the button the fake person presses in the next message boxes. */
  messageBoxResponse = 0;

  reset(): void {
    const fresh = new FakeState();
    Object.assign(this, fresh);
    shared.FakeBrowserWindow.instances = [];
    shared.FakeNotification.instances = [];
    shared.FakeNotification.supported = true;
  }
}

/**
 * One shared instance per process, even if a test resets the module registry (vi.resetModules)
 * and this file is evaluated again: the first evaluation's state and classes are reused.
 */
const shared = ((globalThis as Record<string, unknown>).__atelierFakeElectron ??= {
  fake: new FakeState(),
  FakeBrowserWindow: FakeBrowserWindowClass,
  FakeNotification: FakeNotificationClass,
  FakeWebContents: FakeWebContentsClass,
  FakeFrame: FakeFrameClass,
  FakeImage: FakeImageClass,
}) as {
  fake: FakeState;
  FakeBrowserWindow: typeof FakeBrowserWindowClass;
  FakeNotification: typeof FakeNotificationClass;
  FakeWebContents: typeof FakeWebContentsClass;
  FakeFrame: typeof FakeFrameClass;
  FakeImage: typeof FakeImageClass;
};
export const fake = shared.fake;
export const FakeFrame = shared.FakeFrame;
export type FakeFrame = FakeFrameClass;
export const FakeWebContents = shared.FakeWebContents;
export type FakeWebContents = FakeWebContentsClass;
export const FakeBrowserWindow = shared.FakeBrowserWindow;
export type FakeBrowserWindow = FakeBrowserWindowClass;
export const FakeImage = shared.FakeImage;
export type FakeImage = FakeImageClass;
export const FakeNotification = shared.FakeNotification;
export type FakeNotification = FakeNotificationClass;

export function electronModule() {
  const app = {
    get isPackaged() {
      return fake.app.isPackaged;
    },
    getPath: (name: string) => fake.app.paths.get(name) ?? `/tmp/atelier-fake-${name}`,
    setPath: (name: string, value: string) => void fake.app.paths.set(name, value),
    getName: () => 'Atelier',
    getVersion: () => '0.0.0-test',
    requestSingleInstanceLock: () => fake.app.singleInstance,
    enableSandbox: () => void (fake.app.sandboxEnabled = true),
    quit: () => void fake.app.quitCalled++,
    exit: (code = 0) => void (fake.app.exitCode = code),
    whenReady: () => {
      fake.app.readyPromise ??= new Promise<void>((resolve) => (fake.app.readyResolve = resolve));
      return fake.app.readyPromise;
    },
    on: (e: string, l: (...a: unknown[]) => void) => fake.app.on(e, l),
    once: (e: string, l: (...a: unknown[]) => void) => fake.app.once(e, l),
  };
  return {
    app,
    BrowserWindow: shared.FakeBrowserWindow,
    get ipcMain() {
      return fake.ipcMain;
    },
    get ipcRenderer() {
      return fake.ipcRenderer;
    },
    get protocol() {
      return fake.protocol;
    },
    session: {
      get defaultSession() {
        return fake.defaultSession;
      },
    },
    shell: {
      openExternal: async (url: string) => {
        fake.opened.push(url);
      },
      showItemInFolder: (p: string) => void fake.revealed.push(p),
    },
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        if (fake.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
        fake.exposed.set(key, api);
      },
    },
    webUtils: {
      getPathForFile: (file: object) => fake.droppedFilePaths.get(file) ?? '',
    },
    safeStorage: {
      isEncryptionAvailable: () => fake.storage.available,
      getSelectedStorageBackend: () => fake.storage.backend,
      encryptString: (plain: string) => Buffer.from(`sealed:${Buffer.from(plain).toString('hex')}`),
      decryptString: (sealed: Buffer) => {
        const text = sealed.toString();
        if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided');
        return Buffer.from(text.slice(7), 'hex').toString();
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: (menu: { template: unknown[] } | null) => {
        fake.menuTemplate = menu?.template ?? null;
      },
    },
    Notification: shared.FakeNotification,
    dialog: {
      showErrorBox: (title: string, content: string) => void fake.errorBoxes.push({ title, content }),
      showMessageBox: async (...args: unknown[]) => {
        const options = args.at(-1) as { title?: string; message: string; buttons?: string[] };
        fake.messageBoxes.push(options);
        return { response: fake.messageBoxResponse, checkboxChecked: false };
      },
    },
    get nativeTheme() {
      return fake.nativeTheme;
    },
    screen: {
      getAllDisplays: () => fake.displays,
    },
    nativeImage: {
      createFromPath: (p: string) => new shared.FakeImage(p, p.length === 0),
      createEmpty: () => new shared.FakeImage('', true),
      createFromDataURL: (u: string) => new shared.FakeImage(u),
    },
  };
}

export default electronModule;
