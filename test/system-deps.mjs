// Makes sure the system programs the tests drive are present: Chromium (end-to-end tests),
// ffmpeg (the sandbox's media), Xvfb (windowed runs), and dbus + gnome-keyring (the web host's
// keychain tests start a session bus with a Secret Service of their own). On Debian/Ubuntu, as root or with
// sudo, missing ones are installed with apt; elsewhere the exact command is printed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

export function ensureSystemDeps() {
  const missing = [];
  if (!process.env.CHROMIUM_PATH && !has('chromium')) missing.push('chromium');
  if (!has('ffmpeg')) missing.push('ffmpeg');
  if (!has('xvfb-run')) missing.push('xvfb');
  if (!existsSync('/usr/share/fonts/truetype/dejavu')) missing.push('fonts-dejavu-core');
  if (!has('dbus-run-session')) missing.push('dbus');
  if (!has('gnome-keyring-daemon')) missing.push('gnome-keyring');
  if (missing.length === 0) return true;

  const canApt = has('apt-get');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !isRoot && has('sudo') ? ['sudo', '-n'] : [];
  if (canApt && (isRoot || sudo.length)) {
    console.log(`installing system packages the tests need: ${missing.join(' ')}`);
    const run = (args) => execFileSync(sudo[0] ?? args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    try {
      run(['apt-get', 'update', '-q']);
      run(['apt-get', 'install', '-y', '-q', ...missing]);
      return true;
    } catch {
      console.error('apt-get could not install them.');
    }
  }
  console.error(
    `The tests need these system packages: ${missing.join(' ')}.\n` +
      `On Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}` +
      (missing.includes('chromium') ? '\n(or point CHROMIUM_PATH at a Chromium or Chrome binary)' : ''),
  );
  return false;
}
