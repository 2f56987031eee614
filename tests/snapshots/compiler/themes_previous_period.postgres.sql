SELECT
  *
FROM (
  SELECT
    'current' AS population,
    *
  FROM (
    SELECT
      surveys.response_id AS id,
      surveys.comment AS text,
      surveys.responded_at AS time,
      surveys.language AS language,
      surveys.customer_id AS author
    FROM surveys
    WHERE
      NOT surveys.comment IS NULL
      AND NOT surveys.comment IS NULL
      AND (
        surveys.responded_at >= CAST('2026-08-23' AS DATE)
        AND surveys.responded_at < CAST('2026-11-23' AS DATE)
      )
  ) AS p0
  UNION ALL
  SELECT
    'previous' AS population,
    *
  FROM (
    SELECT
      surveys_2.response_id AS id,
      surveys_2.comment AS text,
      surveys_2.responded_at AS time,
      surveys_2.language AS language,
      surveys_2.customer_id AS author
    FROM surveys AS surveys_2
    WHERE
      NOT surveys_2.comment IS NULL
      AND NOT surveys_2.comment IS NULL
      AND (
        surveys_2.responded_at >= CAST('2026-05-23' AS DATE)
        AND surveys_2.responded_at < CAST('2026-08-23' AS DATE)
      )
  ) AS p1
) AS populations
ORDER BY
  CASE population WHEN 'current' THEN 0 WHEN 'previous' THEN 1 END,
  id NULLS FIRST
