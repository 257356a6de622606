import { connectionTypes } from '@taskgraph/kit';
import { User } from '../entities/user.js';

export const { Connection: UserConnection } = connectionTypes(User, 'User');
