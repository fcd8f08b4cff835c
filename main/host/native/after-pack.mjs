// electron-builder's afterPack hook (electron-builder.yml): every packed platform and arch gets
// the better-sqlite3 build made for Electron, from package-sqlite.ts (loaded through tsx).
import builder from 'electron-builder';
import { tsImport } from 'tsx/esm/api';

export default async function afterPack(context) {
  const { placeElectronSqlite } = await tsImport('./package-sqlite.ts', import.meta.url);
  await placeElectronSqlite({
    appOutDir: context.appOutDir,
    platform: context.electronPlatformName,
    arch: builder.Arch[context.arch],
    productFilename: context.packager.appInfo.productFilename,
    electronVersion: context.packager.info.framework?.version ?? null,
    say: (line) => console.log(`  • ${line}`),
  });
}
