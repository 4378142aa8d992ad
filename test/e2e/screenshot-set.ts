// One screen's screenshots in light and dark, in English, Spanish and Portuguese: the app opened
// at 1200×800 against the fake server for each language and scheme, pictures named
// `<name>-<scheme>.png`. screenshots-export.ts and screenshots-reconcile.ts say what is shown.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import en from '#common/i18n/en.json' with { type: 'json' };
import es from '#common/i18n/es.json' with { type: 'json' };
import ptBR from '#common/i18n/pt-BR.json' with { type: 'json' };
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { openForScreenshots } from './app-support.ts';
import { type AppHandle, launchBrowser } from './harness.ts';

export type Scheme = 'light' | 'dark';
export type Catalog = typeof en;

export const LANGUAGES = [
  { name: 'en', osLocale: 'en-US', catalog: en },
  { name: 'es', osLocale: 'es-MX', catalog: es },
  { name: 'pt-BR', osLocale: 'pt-BR', catalog: ptBR },
] as const;

/** A message's words before its first placeholder, to find it on the page. */
export const lead = (message: string) => message.split('{')[0] ?? '';

export interface ShotSetOptions {
  /** The folder the PNGs go to (screenshots.ts's `screenshots/`). */
  out: string;
  /** A fake to use; default one of its own, closed at the end. */
  fake?: FakePalenca;
}

/** What one language and scheme's pictures are taken with. */
export interface ShotScene {
  app: AppHandle;
  page: Page;
  fake: FakePalenca;
  scheme: Scheme;
  name: string;
  catalog: Catalog;
  /** '' in English, else `-<language>`: the end of each picture's name before the scheme. */
  suffix: string;
  /** Saves the page as `<name>-<scheme>.png`, the pointer out of the way. */
  shot(name: string, fullPage?: boolean): Promise<void>;
}

/** Runs `take` for every language and scheme on a freshly opened app; the paths written. */
export async function takeShotSet(
  options: ShotSetOptions,
  take: (scene: ShotScene) => Promise<void>,
): Promise<string[]> {
  await mkdir(options.out, { recursive: true });
  const fake = options.fake ?? (await startFakePalenca({ users: 4000, seed: 7 }));
  const shots: string[] = [];
  for (const { name, osLocale, catalog } of LANGUAGES) {
    for (const scheme of ['light', 'dark'] as const) {
      const app = await openForScreenshots(fake, {
        colorScheme: scheme,
        viewport: { width: 1200, height: 800 },
        locale: osLocale,
      });
      const { page } = app;
      const shot = async (shotName: string, fullPage = false) => {
        const path = join(options.out, `${shotName}-${scheme}.png`);
        // The pointer rests in an empty corner, so the last clicked button is not shown hovered.
        await page.mouse.move(0, 0);
        await page.screenshot({ path, fullPage });
        shots.push(path);
      };
      const suffix = name === 'en' ? '' : `-${name}`;
      await take({ app, page, fake, scheme, name, catalog, suffix, shot });
      await app.close();
    }
  }
  if (!options.fake) await fake.close();
  return shots;
}

/**
 * When `moduleUrl` is the script run (`node … screenshots-<set>.ts`): takes the set into
 * screenshots/ (as `npm run screenshots`), closes the browser and exits.
 */
export async function whenRunOnItsOwn(
  moduleUrl: string,
  what: string,
  takeSet: (options: ShotSetOptions) => Promise<string[]>,
): Promise<void> {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== process.argv[1]) return;
  const shots = await takeSet({ out: 'screenshots' });
  await (await launchBrowser()).close();
  console.log(`wrote ${shots.length} ${what} screenshots to screenshots/`);
  process.exit(0);
}
