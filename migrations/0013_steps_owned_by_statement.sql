-- A step row belonged to its execution by a foreign key, checked for each row: a lookup and a
-- row lock on the execution, per step, about a third of the time it took to commit an
-- execution's last steps with its outcome. The rule is now kept by the statements that write
-- steps, once per execution instead of once per step:
--  * the statement that stores an outcome inserts the last steps only for the executions it
--    updated (and so locked) in the same statement;
--  * a checkpoint inserts steps only for executions it locked FOR KEY SHARE in the same
--    statement, as the foreign key did.
-- A step of an execution deleted meanwhile is left out instead of failing the statement. Deleting
-- executions (retention, a deleted flow) still deletes their steps, by this trigger, once per
-- statement rather than once per execution.
ALTER TABLE weft_steps DROP CONSTRAINT weft_steps_execution_id_fkey;

CREATE FUNCTION weft_delete_steps_of_deleted_executions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM weft_steps s USING deleted_executions d WHERE s.execution_id = d.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER weft_delete_steps_of_deleted_executions
  AFTER DELETE ON weft_executions
  REFERENCING OLD TABLE AS deleted_executions
  FOR EACH STATEMENT EXECUTE FUNCTION weft_delete_steps_of_deleted_executions();
