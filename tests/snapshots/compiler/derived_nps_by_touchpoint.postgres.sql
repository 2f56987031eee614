SELECT
  surveys.touchpoint AS touchpoint,
  CAST(100.0 * (
    (
      COUNT(CASE WHEN surveys.nps_score >= 9 THEN 1 END)
    ) - (
      COUNT(CASE WHEN surveys.nps_score <= 6 THEN 1 END)
    )
  ) AS DOUBLE PRECISION) / NULLIF((
    COUNT(CASE WHEN NOT surveys.nps_score IS NULL THEN 1 END)
  ), 0) AS nps,
  AVG(surveys.csat_score) AS avg_csat
FROM surveys
GROUP BY
  surveys.touchpoint
ORDER BY
  touchpoint
