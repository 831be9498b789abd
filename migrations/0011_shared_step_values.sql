-- A step's input is very often the output of the step before it, and a filter's output is its input:
-- the same event stored four or five times per execution. A value that repeats one stored earlier in
-- the same execution is now stored once; the repeat is NULL here with a reference to where the value
-- is, `<input|output>:<item or empty>:<node id>`, which Weft resolves when it reads the steps.
ALTER TABLE weft_steps ADD COLUMN input_ref text, ADD COLUMN output_ref text;
