
seed-7wire/1Title 7"�Le président français a déclaré mardi que l'Europe devait agir. Türkiye's foreign minister criticised the EU's plan — “a mistake,” he said — while Greece (Ελλάδα) and Japan (日本) welcomed it… Prices rose 12,000.50% in Zürich?! 🙂*en0���3:
urlhttps://example.org/7