import { connectionTypes } from '@taskgraph/kit';
import { User } from '../entities/user.js';

export const { Connection: UserConnection, Edge: UserEdge } = connectionTypes(User, 'User');
