-- Webhook ingress keeps each flow's live (published) version in memory instead of reading it per
-- request. Whatever changes it — publish, unpublish, delete, in any process or by hand in psql —
-- tells every Weft process on this channel, in the same commit, and they forget what they kept.
CREATE FUNCTION weft_notify_live_version_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('weft_live_version_changed', OLD.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER weft_flows_live_version_changed
  AFTER UPDATE OF published_version OR DELETE ON weft_flows
  FOR EACH ROW EXECUTE FUNCTION weft_notify_live_version_changed();
