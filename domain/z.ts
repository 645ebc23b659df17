import { z } from 'zod';

// Everything people read is in bokmål, zod's own messages included.
z.config(z.locales.no());

export { z };
