import { connectionTypes } from '@taskgraph/kit';
import { Comment } from '../entities/comment.js';
import { Task } from '../entities/task.js';

export const { Connection: TaskConnection, Edge: TaskEdge } = connectionTypes(Task, 'Task');
export const { Connection: CommentConnection, Edge: CommentEdge } = connectionTypes(Comment, 'Comment');
