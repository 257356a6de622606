import { connectionTypes } from '@taskgraph/kit';
import { Comment } from '../entities/comment.js';
import { Task } from '../entities/task.js';

export const { Connection: TaskConnection } = connectionTypes(Task, 'Task');
export const { Connection: CommentConnection } = connectionTypes(Comment, 'Comment');
