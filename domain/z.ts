// zod with its messages in bokmål, for code outside the workflows (CLI, activities, scripts).
// Domain modules the workflows share import zod and `shared` from ./schema instead.
import './schema';

export { z } from 'zod';
