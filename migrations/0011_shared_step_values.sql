-- A step's input is very often the output of the step before it, a filter's output is its input, and
-- the trigger's input is the event itself: the same event was stored four or five times per execution.
-- A value that repeats one stored earlier in the same execution is now stored once; the repeat is
-- NULL here with a reference to where the value is: `<input|output>:<item or empty>:<node id>`, or
-- `payload` for the execution's own payload. Weft resolves them when it reads the steps.
ALTER TABLE weft_steps ADD COLUMN input_ref text, ADD COLUMN output_ref text;
