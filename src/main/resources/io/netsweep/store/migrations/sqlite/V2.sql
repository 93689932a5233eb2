-- Schema version 2 (its change lands with the watch command's branch; in this tree it changes nothing).
SELECT 1;
