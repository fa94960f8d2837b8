import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { findWebBuild, mountWebUi } from '../../apps/api/src/web/web-ui';

@Controller('things')
class ThingsController {
  @Get()
  list() {
    return [{ id: 1 }];
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe('web UI served by the API', () => {
  let build: string;
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    build = mkdtempSync(path.join(os.tmpdir(), 'crm-web-'));
    mkdirSync(path.join(build, 'assets'));
    writeFileSync(path.join(build, 'index.html'), '<!doctype html><title>CRM Connect</title>');
    writeFileSync(path.join(build, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
    writeFileSync(path.join(build, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await NestFactory.create<NestExpressApplication>(ThingsModule, { logger: false });
    expect(mountWebUi(app, build)).toBe(true);
    app.setGlobalPrefix('api');
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    rmSync(build, { recursive: true, force: true });
  });

  it('answers / with the app, revalidated on every visit', async () => {
    const response = await http().get('/').set('Accept', 'text/html').expect(200);
    expect(response.text).toContain('<title>CRM Connect</title>');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers any page address of the app with index.html, so a reload or a shared link works', async () => {
    for (const page of ['/marketplace', '/installations/0b7c/settings', '/sign-in?next=%2Fleads']) {
      const response = await http().get(page).set('Accept', 'text/html,application/xhtml+xml').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
    }
  });

  it('serves hashed assets for a year and other files revalidated', async () => {
    const asset = await http().get('/assets/app-1a2b3c.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await http().get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('leaves the API, the sandboxes and missing files alone', async () => {
    expect((await http().get('/api/things').set('Accept', 'text/html').expect(200)).body).toEqual([
      { id: 1 },
    ]);
    const unknownApi = await http().get('/api/nothing-here').set('Accept', 'text/html').expect(404);
    expect(unknownApi.headers['content-type']).toMatch(/json/);
    await http().get('/sandbox/mailchimp/3.0/ping').set('Accept', 'text/html').expect(404);
    await http().get('/assets/app-old.js').expect(404);
    await http().post('/marketplace').set('Accept', 'text/html').expect(404);
    // A JSON client asking for a page address gets no HTML.
    await http().get('/marketplace').set('Accept', 'application/json').expect(404);
  });

  it('finds the build from the sources and from the compiled output, and mounts nothing without one', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'crm-root-'));
    try {
      const dist = path.join(root, 'apps', 'web', 'dist');
      mkdirSync(dist, { recursive: true });
      writeFileSync(path.join(dist, 'index.html'), '');
      const sources = path.join(root, 'apps', 'api', 'src', 'web');
      const compiled = path.join(root, 'dist', 'apps', 'api', 'src', 'web');
      mkdirSync(sources, { recursive: true });
      mkdirSync(compiled, { recursive: true });
      expect(findWebBuild(sources)).toBe(dist);
      expect(findWebBuild(compiled)).toBe(dist);
      rmSync(dist, { recursive: true });
      expect(findWebBuild(compiled)).toBeUndefined();
      expect(mountWebUi({} as NestExpressApplication, undefined)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
