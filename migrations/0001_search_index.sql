-- Full-text search (FTS5), kept in sync by triggers so that every write path (API, import, a hand-run SQL
-- statement) updates the index in the same transaction as the row. Contentless tables with delete support: the
-- text lives once, in the content tables; rowid is each table's INTEGER PRIMARY KEY (seq), which VACUUM keeps.
-- remove_diacritics 2: "Zelenskyy" typed without accents still finds accented text, and the reverse.
CREATE VIRTUAL TABLE articles_fts USING fts5(headline, standfirst, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, headline, standfirst, body) VALUES (
    new.seq, new.headline, coalesce(new.standfirst, ''),
    (SELECT coalesce(group_concat(json_extract(value, '$.text'), char(10)), '') FROM json_each(new.body)
      WHERE json_extract(value, '$.type') IN ('paragraph', 'heading'))
  );
END;
--> statement-breakpoint
CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, standfirst, body ON articles BEGIN
  DELETE FROM articles_fts WHERE rowid = old.seq;
  INSERT INTO articles_fts (rowid, headline, standfirst, body) VALUES (
    new.seq, new.headline, coalesce(new.standfirst, ''),
    (SELECT coalesce(group_concat(json_extract(value, '$.text'), char(10)), '') FROM json_each(new.body)
      WHERE json_extract(value, '$.type') IN ('paragraph', 'heading'))
  );
END;
--> statement-breakpoint
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  DELETE FROM articles_fts WHERE rowid = old.seq;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker, speaker_role, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
  INSERT INTO quotes_fts (rowid, text, speaker, speaker_role) VALUES (new.seq, new.text, new.speaker, coalesce(new.speaker_role, ''));
END;
--> statement-breakpoint
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, speaker, speaker_role ON quotes BEGIN
  DELETE FROM quotes_fts WHERE rowid = old.seq;
  INSERT INTO quotes_fts (rowid, text, speaker, speaker_role) VALUES (new.seq, new.text, new.speaker, coalesce(new.speaker_role, ''));
END;
--> statement-breakpoint
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
  DELETE FROM quotes_fts WHERE rowid = old.seq;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE images_fts USING fts5(alt_text, caption, credit, creator, copyright_notice, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN
  INSERT INTO images_fts (rowid, alt_text, caption, credit, creator, copyright_notice) VALUES (
    new.seq, new.alt_text, coalesce(new.caption, ''), coalesce(new.credit, ''), coalesce(new.creator, ''), coalesce(new.copyright_notice, ''));
END;
--> statement-breakpoint
CREATE TRIGGER images_fts_update AFTER UPDATE OF alt_text, caption, credit, creator, copyright_notice ON images BEGIN
  DELETE FROM images_fts WHERE rowid = old.seq;
  INSERT INTO images_fts (rowid, alt_text, caption, credit, creator, copyright_notice) VALUES (
    new.seq, new.alt_text, coalesce(new.caption, ''), coalesce(new.credit, ''), coalesce(new.creator, ''), coalesce(new.copyright_notice, ''));
END;
--> statement-breakpoint
CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN
  DELETE FROM images_fts WHERE rowid = old.seq;
END;
