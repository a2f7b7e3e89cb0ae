import { readJson, type Tree } from '@nx/devkit';
import type { Interaction } from '../../lib/recording';
import { workspaceTree } from '../../lib/workspace-tree.test-helper';
import { elementGenerator } from '../element/generator';
import { resourceGenerator } from './generator';

const read = (tree: Tree, file: string) => tree.read(file, 'utf-8') ?? '';
const calls = (tree: Tree, key: string) => readJson<Interaction[]>(tree, `plugins/${key}/test/__recordings__/conformance.json`).map((i) => `${i.method} ${i.path}`);

describe('resource generator', () => {
  let tree: Tree;
  beforeEach(async () => {
    tree = workspaceTree();
    await elementGenerator(tree, { key: 'deskly', hub: 'helpdesk', auth: 'basic', baseUrl: 'https://deskly.example/api/v2' });
  });

  it('adds the resource file, registers it, and adds its fixture, recorded exchange and seed', async () => {
    await resourceGenerator(tree, { element: 'deskly', resource: 'notes', model: 'IncidentNote' });

    const notes = read(tree, 'plugins/deskly/src/resources/notes.ts');
    expect(notes).toContain("import { defineResource, IncidentNote, IncidentNoteInput } from '@junction/core';");
    expect(notes).toContain('export const notes = defineResource<DesklyNote, typeof IncidentNote>({');
    expect(notes).toContain('incidentId: record.incident_id ?? undefined,');
    expect(notes).toContain('...(body.body !== undefined ? { body: body.body } : {}),');
    expect(notes).not.toContain('body.incidentId');

    const element = read(tree, 'plugins/deskly/src/element.ts');
    expect(element).toContain("import { incidents } from './resources/incidents';\nimport { notes } from './resources/notes';\n");
    expect(element).toContain('resources: [incidents, notes],');

    expect(read(tree, 'plugins/deskly/test/conformance.contract.test.ts')).toContain(`      unknownId: '999999999',
    },
    notes: {
      create: { body: 'First note' },
      update: { body: 'updated' },
      unknownId: '999999999',
    },
  },
});`);

    expect(calls(tree, 'deskly')).toEqual([
      'POST /api/v2/incidents',
      'GET /api/v2/incidents/2',
      'PATCH /api/v2/incidents/2',
      'GET /api/v2/incidents?offset=0&limit=1',
      'GET /api/v2/incidents?offset=1&limit=1',
      'GET /api/v2/incidents/999999999',
      'POST /api/v2/notes',
      'GET /api/v2/notes/2',
      'PATCH /api/v2/notes/2',
      'GET /api/v2/notes?offset=0&limit=1',
      'GET /api/v2/notes?offset=1&limit=1',
      'GET /api/v2/notes/999999999',
      'DELETE /api/v2/notes/2',
      'GET /api/v2/notes/2',
      'DELETE /api/v2/incidents/2',
      'GET /api/v2/incidents/2',
    ]);
    expect(readJson(tree, 'plugins/deskly/test/simulator-seed.json')).toEqual({
      incidents: [{ id: 1, subject: 'Existing incident' }],
      notes: [{ id: 1, body: 'Existing note' }],
    });
  });

  it('points a reference field at the parent created earlier in the suite', async () => {
    await elementGenerator(tree, { key: 'pipedrive', hub: 'crm', auth: 'oauth2' });
    await resourceGenerator(tree, { element: 'pipedrive', resource: 'persons', model: 'Contact', description: 'Persons' });
    expect(read(tree, 'plugins/pipedrive/test/conformance.contract.test.ts')).toContain("    persons: {\n      create: (ids) => ({ firstName: 'Ada', lastName: 'Lovelace', name: 'Ada Lovelace', title: 'Engineer', email: 'ada@conformance.example', phone: '+1 555 0100', accountId: ids.accounts }),");
    const recording = readJson<Interaction[]>(tree, 'plugins/pipedrive/test/__recordings__/conformance.json');
    expect(recording.find((i) => i.method === 'POST' && i.path === '/v1/persons')!.body).toMatchObject({ account_id: '2' });
    expect(read(tree, 'plugins/pipedrive/src/resources/persons.ts')).toContain("description: 'Persons (Pipedrive person records)',");
  });

  it('defaults the model for the hub resources it knows, and fills an empty resources list', async () => {
    await elementGenerator(tree, { key: 'docbox', hub: 'documents', auth: 'apiKey' });
    await resourceGenerator(tree, { element: 'docbox', resource: 'leads' });
    expect(read(tree, 'plugins/docbox/src/element.ts')).toContain('resources: [leads],');
    expect(read(tree, 'plugins/docbox/src/resources/leads.ts')).toContain('typeof Lead>');
    expect(read(tree, 'plugins/docbox/test/conformance.contract.test.ts')).toContain("  fixtures: {\n    leads: {\n      create: { firstName: 'Ada',");
    expect(calls(tree, 'docbox')).toHaveLength(8);
  });

  it('keeps a resources list laid out one per line', async () => {
    const file = 'plugins/deskly/src/element.ts';
    tree.write(file, read(tree, file).replace('resources: [incidents],', 'resources: [\n    incidents,\n  ],'));
    await resourceGenerator(tree, { element: 'deskly', resource: 'users', model: 'HelpdeskUser' });
    expect(read(tree, file)).toContain('resources: [\n    incidents,\n    users,\n  ],');
  });

  describe('refuses', () => {
    it('a resource the element has, by file or by registration', async () => {
      await expect(resourceGenerator(tree, { element: 'deskly', resource: 'incidents' })).rejects.toThrow('plugins/deskly/src/resources/incidents.ts already exists');
      tree.delete('plugins/deskly/src/resources/incidents.ts');
      await expect(resourceGenerator(tree, { element: 'deskly', resource: 'incidents' })).rejects.toThrow("plugins/deskly/src/element.ts already lists 'incidents'");
    });

    it('an unknown element, an unknown or missing model, and invalid names', async () => {
      await expect(resourceGenerator(tree, { element: 'nobody', resource: 'leads' })).rejects.toThrow("no element 'nobody': plugins/nobody/src/element.ts does not exist");
      await expect(resourceGenerator(tree, { element: 'deskly', resource: 'tasks' })).rejects.toThrow("--model is required for 'tasks'");
      await expect(resourceGenerator(tree, { element: 'deskly', resource: 'tasks', model: 'Task' })).rejects.toThrow("no hub model 'Task'");
      await expect(resourceGenerator(tree, { element: 'deskly', resource: 'Tasks', model: 'Lead' })).rejects.toThrow("resource name 'Tasks' is invalid");
      expect(tree.exists('plugins/deskly/src/resources/tasks.ts')).toBe(false);
      expect(read(tree, 'plugins/deskly/src/element.ts')).toContain('resources: [incidents],');
    });
  });
});
