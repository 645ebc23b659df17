import { join } from 'node:path';

export const projectRoot = join(__dirname, '..');
export const templatesDir = join(projectRoot, 'templates');
