import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { statusJsonSchema } from '../../client/delta';
import { projectRoot } from '../../infra/paths';

test('docs/delta-status.schema.json is the status schema as the code defines it', () => {
  // Regenerate with: npm run plansyklus -- delta schema > docs/delta-status.schema.json
  const committed = JSON.parse(readFileSync(join(projectRoot, 'docs', 'delta-status.schema.json'), 'utf8'));
  expect(committed).toEqual(statusJsonSchema());
  expect(committed.title).toBe('plansyklus DelTa status');
  expect(committed.required).toEqual(expect.arrayContaining(['phase', 'focusAreas', 'meetings', 'deliverables', 'openDeadlines', 'sent']));
});
