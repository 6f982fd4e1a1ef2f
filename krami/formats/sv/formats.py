# Swedish formats: ISO dates (the standard form in Swedish authorities), space as thousands
# separator, comma as decimal mark ("1 234,50 kr").
DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1
# "%y%m%d" before "%Y%m%d": strptime would read "260115" as 2601-01-05 (%Y takes four digits,
# %m and %d one each); an eight-digit "20260115" never fits "%y%m%d", so it still reaches "%Y%m%d".
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%y-%m-%d", "%y%m%d", "%Y%m%d", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
